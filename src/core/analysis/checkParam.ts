/**
 * Range and type checks for one layer setting against its descriptor, with the value a
 * one-click fix should set: the nearest allowed value where that is obvious, else the default.
 */
import { describeValue } from '../spec/describeValue';
import type { ParamDescriptor } from '../spec/paramRanges';
import { inSentence } from './problems';

export type ParamCheck = { ok: true } | { ok: false; message: string; fixValue: unknown };

function isIntegerIn(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** Nearest integer in [min, max] to a finite number; the fallback for anything else. */
function nearestInteger(value: unknown, min: number, max: number, fallback: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.round(value)));
}

function rangeText(min: number, max: number): string {
  return min === max ? `exactly ${min}` : `from ${min} to ${max}`;
}

function withNote(message: string, note: string | undefined): string {
  return note ? `${message} ${note}` : message;
}

/**
 * Checks `value` against `descriptor`. `defaultValue` is the kind's default for the field, used
 * as the fix when no nearby allowed value is obvious (NaN, wrong type, missing).
 */
export function checkParam(descriptor: ParamDescriptor, value: unknown, defaultValue: unknown): ParamCheck {
  const name = inSentence(descriptor.label);
  const got = describeValue(value);
  switch (descriptor.type) {
    case 'integer': {
      const { min, max } = descriptor;
      if (isIntegerIn(value, min, max)) return { ok: true };
      return {
        ok: false,
        message: withNote(`${name} must be a whole number ${rangeText(min, max)}, but it is ${got}.`, descriptor.note),
        fixValue: nearestInteger(value, min, max, defaultValue as number),
      };
    }
    case 'pair': {
      const { min, max } = descriptor;
      if (Array.isArray(value) && value.length === 2 && value.every((v) => isIntegerIn(v, min, max))) return { ok: true };
      const [defaultHeight, defaultWidth] = defaultValue as [number, number];
      // A single number (a common hand-written shortcut) means the same value on both axes.
      const [height, width]: unknown[] = Array.isArray(value) ? [value[0], value.length > 1 ? value[1] : value[0]] : [value, value];
      return {
        ok: false,
        message: withNote(
          `${name} must be two whole numbers ${rangeText(min, max)} (height and width), but it is ${got}.`,
          descriptor.note,
        ),
        fixValue: [nearestInteger(height, min, max, defaultHeight), nearestInteger(width, min, max, defaultWidth)],
      };
    }
    case 'fraction': {
      const { min, maxExclusive } = descriptor;
      if (typeof value === 'number' && value >= min && value < maxExclusive) return { ok: true };
      const below = typeof value === 'number' && value < min;
      return {
        ok: false,
        message: `${name} must be a number from ${min} up to but not including ${maxExclusive}, but it is ${got}.`,
        fixValue: below ? min : defaultValue,
      };
    }
    case 'choice': {
      if (typeof value === 'string' && descriptor.options.includes(value)) return { ok: true };
      const options = descriptor.options.map((option) => `'${option}'`).join(', ');
      return { ok: false, message: `${name} must be one of ${options}, but it is ${got}.`, fixValue: defaultValue };
    }
    case 'padding': {
      const { min, max, options } = descriptor;
      if (typeof value === 'string' && options.includes(value)) return { ok: true };
      if (Array.isArray(value) && value.length === 2 && value.every((v) => isIntegerIn(v, min, max))) return { ok: true };
      const words = options.map((option) => `'${option}'`).join(', ');
      const message = `${name} must be ${words}, or whole numbers of cells ${rangeText(min, max)} for each side as [height, width] (such as [1, 1]), but it is ${got}.`;
      // A number or a list of numbers was meant as explicit sizes: keep the nearest ones.
      const numeric = typeof value === 'number' || (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'number'));
      if (!numeric) return { ok: false, message, fixValue: defaultValue };
      const [height, width]: unknown[] = Array.isArray(value) ? [value[0], value.length > 1 ? value[1] : value[0]] : [value, value];
      return { ok: false, message, fixValue: [nearestInteger(height, min, max, min), nearestInteger(width, min, max, min)] };
    }
    case 'boolean': {
      if (typeof value === 'boolean') return { ok: true };
      return { ok: false, message: `${name} must be true or false, but it is ${got}.`, fixValue: defaultValue };
    }
  }
}
