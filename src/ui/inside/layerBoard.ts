import type { CellBox } from '../../core/math/receptiveField';
import type { ColorScale } from '../../render/colorScale';
import type { LayerOutput } from '../../engine/protocol';

/** What the feature-map view asks of each drawn layer (the input counts as layer -1). */
export interface LayerView {
  show(output: LayerOutput, scaleOf: (channel: number) => ColorScale, probeLabel: number | null): void;
  /** Outlines a receptive field on every map of the layer; null clears it. */
  highlight(box: CellBox | null): void;
}

/** The drawn layers by index, so a snapshot or a hover can reach all of them without React. */
export class LayerBoard {
  private readonly views = new Map<number, LayerView>();

  register(index: number, view: LayerView): () => void {
    this.views.set(index, view);
    return () => {
      if (this.views.get(index) === view) this.views.delete(index);
    };
  }

  get(index: number): LayerView | undefined {
    return this.views.get(index);
  }

  forEach(callback: (view: LayerView, index: number) => void): void {
    this.views.forEach(callback);
  }
}
