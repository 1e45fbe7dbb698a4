/** Drawing as a hand draws: strokes in a pad's own coordinates (0..1 across and down), drawn with the mouse. */
import type { Locator, Page } from '@playwright/test';

export type Stroke = [number, number][];

export function line(from: [number, number], to: [number, number], points: number): Stroke {
  return Array.from({ length: points + 1 }, (_, i) => [from[0] + ((to[0] - from[0]) * i) / points, from[1] + ((to[1] - from[1]) * i) / points]);
}

export function ellipse(cx: number, cy: number, rx: number, ry: number, points: number): Stroke {
  // Starts at the top and runs a little past it, as a hand closes a 0.
  return Array.from({ length: points + 1 }, (_, i) => {
    const a = -Math.PI / 2 + (2.1 * Math.PI * i) / points;
    return [cx + rx * Math.cos(a), cy + ry * Math.sin(a)];
  });
}

/** A closed path through `corners`, one stroke, as a hand draws a triangle or a square. */
export function polygon(corners: [number, number][], pointsPerSide: number): Stroke {
  return corners.flatMap((corner, i) => line(corner, corners[(i + 1) % corners.length] ?? corner, pointsPerSide).slice(i === 0 ? 0 : 1));
}

/** Draws `strokes` on `canvas` with the mouse, one move per point. */
export async function drawOn(page: Page, canvas: Locator, strokes: Stroke[]): Promise<void> {
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('The drawing pad is not on screen.');
  const at = ([x, y]: [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const;
  for (const stroke of strokes) {
    const [first, ...rest] = stroke;
    if (!first) continue;
    await page.mouse.move(...at(first));
    await page.mouse.down();
    for (const point of rest) await page.mouse.move(...at(point));
    await page.mouse.up();
  }
}
