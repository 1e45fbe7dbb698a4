import { useDraggable } from '@dnd-kit/core';
import { LAYER_BLOCKS } from '../../core/editing/blocks';
import { LAYER_KINDS, LAYER_REGISTRY } from '../../core/spec/registry';
import type { LayerKind } from '../../core/spec/spec';
import { paletteDragId, type PaletteItem } from './dragIds';

const NAMED_GROUPS: { title: string; kinds: LayerKind[] }[] = [
  { title: 'Convolution', kinds: ['conv2d', 'separableConv2d', 'depthwiseConv2d'] },
  { title: 'Pooling', kinds: ['maxPool2d', 'avgPool2d', 'globalAvgPool2d', 'globalMaxPool2d'] },
  { title: 'Classifier', kinds: ['flatten', 'dense'] },
  { title: 'Other', kinds: ['activation', 'dropout', 'batchNorm'] },
];

// Every kind the core knows has a place in the palette, also one added later without a group.
const LISTED = new Set(NAMED_GROUPS.flatMap((g) => g.kinds));
const UNLISTED = LAYER_KINDS.filter((k) => !LISTED.has(k));
const GROUPS = UNLISTED.length > 0 ? [...NAMED_GROUPS, { title: 'More', kinds: UNLISTED }] : NAMED_GROUPS;

interface EntryProps {
  item: PaletteItem;
  label: string;
  description: string;
  onAdd(item: PaletteItem): void;
}

/**
 * One palette entry: a button that adds its layer at the end of the network (click, Enter, Space)
 * and can be dragged to any position with a mouse, pen or finger. Keyboard users place it by
 * moving it in the list afterwards, so the keys keep their usual meaning here.
 */
function PaletteEntry({ item, label, description, onAdd }: EntryProps) {
  const dragId = paletteDragId(item);
  const { setNodeRef, listeners, isDragging } = useDraggable({ id: dragId, data: { label } });
  const pointerListeners = { ...listeners };
  delete pointerListeners.onKeyDown;
  const descriptionId = `${dragId}-description`;
  return (
    <li className="palette-entry">
      <button
        type="button"
        ref={setNodeRef}
        {...pointerListeners}
        className={isDragging ? 'palette-button dragging' : 'palette-button'}
        aria-describedby={descriptionId}
        title={`${description} Click or press Enter to add it at the end; drag it to place it.`}
        onClick={() => onAdd(item)}
      >
        {label}
      </button>
      <span id={descriptionId} className="palette-description" title={description}>
        {description}
      </span>
    </li>
  );
}

/** Every layer kind and block, grouped, each with what it does. */
export function LayerPalette({ onAdd }: { onAdd(item: PaletteItem): void }) {
  return (
    <section className="palette" aria-labelledby="palette-heading">
      <h3 id="palette-heading">Layer palette</h3>
      <div className="palette-groups">
      {GROUPS.map((group) => (
        <div key={group.title} className="palette-group">
          <h4>{group.title}</h4>
          <ul>
            {group.kinds.map((kind) => (
              <PaletteEntry key={kind} item={{ type: 'layer', kind }} label={LAYER_REGISTRY[kind].label} description={LAYER_REGISTRY[kind].description} onAdd={onAdd} />
            ))}
          </ul>
        </div>
      ))}
      <div className="palette-group">
        <h4>Blocks</h4>
        <ul>
          {LAYER_BLOCKS.map((block) => (
            <PaletteEntry key={block.id} item={{ type: 'block', blockId: block.id }} label={block.name} description={block.description} onAdd={onAdd} />
          ))}
        </ul>
      </div>
      </div>
    </section>
  );
}
