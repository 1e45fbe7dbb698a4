/** A folder of generated images in the ImageFolder layout (one folder per class), for the own-images tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mulberry32 } from '../../../src/data/random';
import { encodePng } from '../../unit/data/own/imageFiles';

export const PATTERN_CLASSES = ['dots', 'stripes across', 'stripes down'] as const;

/**
 * `perClass` images of 40x30 pixels per class, seeded: coloured stripes across, stripes down, or
 * dots, each with its own colours, phase and noise. Returns the folder (its name: `name`).
 */
export function writePatternFolder(perClass: number, name = 'patterns', seed = 7): string {
  const root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kernelscope-own-')), name);
  const random = mulberry32(seed);
  for (const cls of PATTERN_CLASSES) {
    fs.mkdirSync(path.join(root, cls), { recursive: true });
    for (let n = 0; n < perClass; n++) {
      const ink: [number, number, number] = [random() * 255, random() * 255, random() * 255].map(Math.round) as [number, number, number];
      const paper: [number, number, number] = ink.map((v) => 255 - v) as [number, number, number];
      const period = 4 + Math.floor(random() * 4);
      const phase = Math.floor(random() * period);
      const on = (x: number, y: number) =>
        cls === 'stripes across' ? (y + phase) % period < period / 2 : cls === 'stripes down' ? (x + phase) % period < period / 2 : (x + phase) % period < 2 && (y + phase) % period < 2;
      const png = encodePng(40, 30, (x, y) => {
        const noise = (random() - 0.5) * 40;
        return (on(x, y) ? ink : paper).map((v) => Math.max(0, Math.min(255, Math.round(v + noise)))) as [number, number, number];
      });
      fs.writeFileSync(path.join(root, cls, `${String(n).padStart(3, '0')}.png`), png);
    }
  }
  return root;
}
