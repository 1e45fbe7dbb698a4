/**
 * Names of network edits for undo/redo history ("Undo Add Conv2D"), built from the registry's
 * layer labels and parameter labels so they read the same as the rest of the UI.
 */
import type { ParamDescriptor } from '../spec/paramRanges';
import { LAYER_REGISTRY } from '../spec/registry';
import type { LayerKind } from '../spec/spec';

const kindLabel = (kind: LayerKind): string => LAYER_REGISTRY[kind].label;

/** 'Filters' for conv2d's 'filters'; the field name itself when the kind has no such setting. */
function fieldLabel(kind: LayerKind, field: string): string {
  const params: readonly ParamDescriptor[] = LAYER_REGISTRY[kind].params;
  return params.find((param) => param.field === field)?.label ?? field;
}

/** "A", "A and B", "A, B and C". */
function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

export const editLabel = {
  /** "Add Conv2D". */
  insert: (kind: LayerKind): string => `Add ${kindLabel(kind)}`,
  /** "Add Conv block": a block of layers, by its display name. */
  insertBlock: (blockName: string): string => `Add ${blockName}`,
  /** "Remove MaxPool2D". */
  remove: (kind: LayerKind): string => `Remove ${kindLabel(kind)}`,
  /** "Move Dense". */
  move: (kind: LayerKind): string => `Move ${kindLabel(kind)}`,
  /** "Duplicate Conv2D". */
  duplicate: (kind: LayerKind): string => `Duplicate ${kindLabel(kind)}`,
  /** "Change Filters of Conv2D", "Change Kernel size and Stride of Conv2D". */
  update: (kind: LayerKind, fields: string | readonly string[]): string => {
    const names = (typeof fields === 'string' ? [fields] : fields).map((field) => fieldLabel(kind, field));
    return names.length === 0 ? `Change ${kindLabel(kind)}` : `Change ${listInWords(names)} of ${kindLabel(kind)}`;
  },
  /** "Change input shape". */
  inputShape: (): string => 'Change input shape',
} as const;
