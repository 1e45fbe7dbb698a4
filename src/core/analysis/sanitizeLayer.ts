/**
 * Reads one untrusted layer object field by field. Bad settings become problems, and the
 * returned layer holds the kind's default in their place so the rest of the analysis can go on
 * with well-typed values (it stops shape inference itself when a shape-changing field was bad).
 */
import { checkParam } from './checkParam';
import { showSetting } from '../spec/describeValue';
import type { ParamDescriptor } from '../spec/paramRanges';
import { inSentence } from './problems';
import { getLayerDefinition } from '../spec/registry';
import type { LayerKind, LayerSpec } from '../spec/spec';

export interface FieldProblem {
  field: string;
  /** Words that follow "Layer N (Label): ". */
  message: string;
  fix: { value: unknown; label: string };
}

export interface SanitizedLayer {
  layer: LayerSpec;
  problems: FieldProblem[];
  /** A field that changes the output shape was bad, so the output shape is unknown. */
  shapeUnknown: boolean;
}

function copyValue(value: unknown): unknown {
  return Array.isArray(value) ? [...(value as unknown[])] : value;
}

/** Checks every setting of `kind` on `raw`; see the module comment. */
export function sanitizeLayer(kind: LayerKind, raw: Readonly<Record<string, unknown>>, id: string): SanitizedLayer {
  const definition = getLayerDefinition(kind);
  const defaults = definition.defaults as Readonly<Record<string, unknown>>;
  const settings: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  let shapeUnknown = false;
  for (const descriptor of definition.params as readonly ParamDescriptor[]) {
    const value = raw[descriptor.field];
    const defaultValue = defaults[descriptor.field];
    const check = checkParam(descriptor, value, defaultValue);
    if (check.ok) {
      settings[descriptor.field] = copyValue(value);
      continue;
    }
    settings[descriptor.field] = copyValue(defaultValue);
    shapeUnknown ||= descriptor.affectsShape;
    problems.push({
      field: descriptor.field,
      message: check.message,
      fix: { value: check.fixValue, label: `Set ${inSentence(descriptor.label)} to ${showSetting(check.fixValue)}` },
    });
  }
  return { layer: { ...settings, id, kind } as LayerSpec, problems, shapeUnknown };
}
