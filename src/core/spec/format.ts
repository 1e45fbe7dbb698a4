/** Display helpers for shapes and counts; plain code so results never depend on the locale. */
import type { TensorShape } from './spec';

/** "28x28x1" for [28, 28, 1], "3136" for [3136], "?" when unknown. */
export function formatShape(shape: TensorShape | null): string {
  return shape === null ? '?' : shape.join('x');
}

/** "a 7x7x64 feature map" or "3136 numbers", for sentences. */
export function formatShapeInWords(shape: TensorShape): string {
  if (shape.length === 1) return `${formatCount(shape[0] ?? 0)} numbers`;
  return `a ${formatShape(shape)} feature map`;
}

/** Rounds to an integer and groups thousands with commas: 421642 -> "421,642", -1234.6 -> "-1,235". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const rounded = Math.round(Math.abs(n));
  const digits = rounded.toFixed(0);
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 && rounded !== 0 ? `-${grouped}` : grouped;
}

const COMPACT_UNITS: ReadonlyArray<[number, string]> = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

function compactNumber(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(1).replace(/\.0$/, '');
}

/** Short form for big counts such as MACs: 421642 -> "421.6k", 2.5e6 -> "2.5M", 950 -> "950". */
export function formatCompactCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const size = Math.abs(n);
  for (let i = 0; i < COMPACT_UNITS.length; i += 1) {
    const [scale, suffix] = COMPACT_UNITS[i] as [number, string];
    if (size < scale) continue;
    const text = compactNumber(n / scale);
    const larger = COMPACT_UNITS[i - 1];
    // 999,950 would round to "1000k"; say "1M" instead.
    if (Math.abs(Number(text)) >= 1000 && larger) return `${compactNumber(n / larger[0])}${larger[1]}`;
    return `${text}${suffix}`;
  }
  return formatCount(n);
}
