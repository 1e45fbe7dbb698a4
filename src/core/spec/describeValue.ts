/**
 * Short, safe descriptions of arbitrary values for error messages. Imported specs may hold
 * anything, including objects without a prototype that String() would throw on.
 */

const MAX_TEXT = 24;

function quote(text: string): string {
  const short = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}...` : text;
  return `"${short}"`;
}

function describeItem(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'boolean' || value === null || value === undefined) return String(value);
  return '...';
}

/** e.g. 'missing', '0', 'not a number (NaN)', 'the text "3"', '[3, 0]', 'an object'. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'empty (null)';
  switch (typeof value) {
    case 'number':
      if (Number.isNaN(value)) return 'not a number (NaN)';
      return Number.isFinite(value) ? String(value) : 'infinite';
    case 'string':
      return `the text ${quote(value)}`;
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    default:
      break;
  }
  if (Array.isArray(value)) {
    const items = value as unknown[];
    if (items.length === 0) return 'an empty list';
    return items.length <= 4 ? `[${items.map(describeItem).join(', ')}]` : `a list of ${items.length} values`;
  }
  return 'an object';
}

/** A value as the UI would show it in a fix label: 3x3, 'same', 8, true. */
export function showSetting(value: unknown): string {
  if (Array.isArray(value) && value.length === 2) return `${describeItem(value[0])}x${describeItem(value[1])}`;
  if (typeof value === 'string') return `'${value}'`;
  return describeItem(value);
}

/** What went wrong, in the words the error carries: its message, or the thrown value as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
