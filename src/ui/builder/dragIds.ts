/**
 * Ids of the draggables and drop targets in the builder. Layers use their own ids; palette entries
 * and the empty end of the list get prefixed ids that no layer id can take.
 */
import type { LayerKind } from '../../core/spec/spec';

const PALETTE_PREFIX = 'palette:';
export const NETWORK_END_ID = 'network:end';

/** What a palette entry adds: one layer kind, or a block of layers. */
export type PaletteItem = { type: 'layer'; kind: LayerKind } | { type: 'block'; blockId: string };

export function paletteDragId(item: PaletteItem): string {
  return PALETTE_PREFIX + (item.type === 'layer' ? `layer:${item.kind}` : `block:${item.blockId}`);
}

/** The palette item behind a drag id, or null for a layer id. */
export function paletteItemOf(dragId: string, isKind: (value: string) => value is LayerKind): PaletteItem | null {
  if (!dragId.startsWith(PALETTE_PREFIX)) return null;
  const [type, name = ''] = dragId.slice(PALETTE_PREFIX.length).split(':', 2) as [string, string?];
  if (type === 'layer' && isKind(name)) return { type: 'layer', kind: name };
  if (type === 'block') return { type: 'block', blockId: name };
  return null;
}

/**
 * Where a palette item dropped on a target goes: before the layer it was dropped on, or after it
 * when its centre passed the layer's middle; at the end for the list's empty space.
 */
export function insertionIndex(layerIds: readonly string[], overId: string, droppedCentreY: number | null, overRect: { top: number; height: number } | null): number {
  const index = layerIds.indexOf(overId);
  if (index === -1) return layerIds.length;
  const below = droppedCentreY !== null && overRect !== null && droppedCentreY > overRect.top + overRect.height / 2;
  return below ? index + 1 : index;
}
