import type { RefObject } from 'react';
import { Icon } from '../Icon';
import type { DrawingPad } from './drawingPad';

/** Undo stroke and Clear under a drawing pad, both off while it is empty. */
export function PadButtons({ pad, hasInk }: { pad: RefObject<DrawingPad | null>; hasInk: boolean }) {
  return (
    <div className="draw-buttons">
      <button type="button" className="icon-button" disabled={!hasInk} onClick={() => pad.current?.undoStroke()}>
        <Icon name="undo" /> Undo stroke
      </button>
      <button type="button" className="icon-button" disabled={!hasInk} onClick={() => pad.current?.clear()}>
        <Icon name="close" /> Clear
      </button>
    </div>
  );
}
