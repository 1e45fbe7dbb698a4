/** The Python that draws the Colour shapes in the exported PyTorch script: the page's generator, ported to numpy. */
import { COLOUR_SHAPES_RECIPE as R, splitSeeds } from '../dataset/colourShapesRecipe';
import type { DatasetDescription } from '../dataset/description';
import { pyInt } from '../summaries/pythonRepr';

/**
 * The page's Colour shapes generator in numpy, drawing the same bytes: mulberry32's state after k
 * steps is seed + k * 0x6D2B79F5, so the whole stream is computed at once, and every image takes a
 * fixed count of numbers (10 before its pixels, 1 per pixel).
 */
export function colourShapesLines(dataset: DatasetDescription & { source: { kind: 'generated'; seed: number } }): string[] {
  const seeds = splitSeeds(dataset.source.seed);
  return [
    `# ${dataset.name} is drawn by the page's seeded generator; colour_shapes() below draws the very same images.`,
    `TRAIN_SEED, TEST_SEED = ${seeds.train}, ${seeds.test}`,
    `TRAIN_COUNT, TEST_COUNT = ${pyInt(dataset.splits.train)}, ${pyInt(dataset.splits.test)}`,
    '',
    '',
    'def mulberry32(seed, start, count):',
    '    """Numbers start .. start + count - 1 (in [0, 1)) of the page\'s mulberry32 stream for seed."""',
    '    k = np.arange(start + 1, start + count + 1, dtype=np.uint64)',
    '    t = ((seed + k * 0x6D2B79F5) & 0xFFFFFFFF).astype(np.uint32)',
    '    with np.errstate(over="ignore"):',
    '        t = (t ^ (t >> np.uint32(15))) * (t | np.uint32(1))',
    '        t ^= t + (t ^ (t >> np.uint32(7))) * (t | np.uint32(61))',
    '    return (t ^ (t >> np.uint32(14))).astype(np.float64) / 4294967296.0',
    '',
    '',
    'def colour_shapes(count, seed, rows, cols, chunk=1000):',
    '    """(count, rows, cols, 3) uint8 images and their labels: class k is shape k // 3 in colour k % 3."""',
    `    per_image = ${R.drawsBeforePixels} + rows * cols`,
    '    images, labels = [], np.arange(count) % 9',
    '    for first in range(0, count, chunk):',
    '        n = min(chunk, count - first)',
    '        u = mulberry32(seed, first * per_image, n * per_image).reshape(n, per_image)',
    '        shape, colour = labels[first:first + n] // 3, labels[first:first + n] % 3',
    `        grey = ${R.backgroundMin + R.tint} + np.floor(u[:, 0] * ${R.backgroundMax - R.backgroundMin - 2 * R.tint})`,
    `        background = grey[:, None] - ${R.tint} + np.floor(u[:, 1:4] * ${2 * R.tint + 1})`,
    '        own = np.arange(3)[None, :] == colour[:, None]',
    `        fill = np.where(own, ${R.fillMin} + np.floor(u[:, 4:7] * ${256 - R.fillMin}), np.floor(u[:, 4:7] * ${R.fillOtherMax}))`,
    '        side = min(rows, cols)',
    `        half = np.floor(side * ${R.halfMin}) + np.floor(u[:, 7] * (np.floor(side * ${R.halfSpread}) + 1))`,
    '        cy = half + np.floor(u[:, 8] * (rows - 2 * half))',
    '        cx = half + np.floor(u[:, 9] * (cols - 2 * half))',
    '        y = np.arange(rows)[None, :, None] - cy[:, None, None]',
    '        x = np.arange(cols)[None, None, :] - cx[:, None, None]',
    '        h, s = half[:, None, None], shape[:, None, None]',
    '        circle = x * x + y * y <= h * h',
    '        square = (np.abs(x) <= h) & (np.abs(y) <= h)',
    '        triangle = (y >= -h) & (y <= h) & (2 * np.abs(x) <= y + h)',
    '        inside = np.where(s == 0, circle, np.where(s == 1, square, triangle))',
    '        base = np.where(inside[..., None], fill[:, None, None, :], background[:, None, None, :])',
    `        span = ${2 * R.noise + 1}`,
    `        digits = np.floor(u[:, ${R.drawsBeforePixels}:].reshape(n, rows, cols, 1) * span ** 3)`,
    `        noise = np.floor(digits / span ** np.arange(3)) % span - ${R.noise}`,
    '        images.append(np.clip(base + noise, 0, 255).astype(np.uint8))',
    '    return np.concatenate(images), labels',
    '',
    '',
    'def colour_shapes_dataset(count, seed):',
    '    """The images as (N, 3, H, W) floats in [0, 1], as the browser has them, with their labels."""',
    `    images, labels = colour_shapes(count, seed, ${pyInt(dataset.inputShape[0])}, ${pyInt(dataset.inputShape[1])})`,
    '    pixels = torch.from_numpy(images).permute(0, 3, 1, 2).float() / 255',
    '    return TensorDataset(pixels, torch.from_numpy(labels).long())',
  ];
}
