import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { COLOUR_SHAPES } from '../../../src/core/dataset/builtin';
import { splitSeeds } from '../../../src/core/dataset/colourShapesRecipe';
import { pytorchCode } from '../../../src/core/export/pytorchCode';
import { getPreset } from '../../../src/core/editing/presets';
import { colourShapesSplit } from '../../../src/data/generated';

const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
if (!hasNumpy) console.warn('colourShapesPython.test.ts: skipped, no python3 with numpy here (the exported script’s generator is then untested).');

/** The exported script's generator functions alone: they need numpy, not torch. */
function generatorSource(script: string): string {
  const start = script.indexOf('def mulberry32(');
  const end = script.indexOf('def colour_shapes_dataset(');
  if (start < 0 || end < 0) throw new Error('the script has no Colour shapes generator');
  return `import numpy as np\n\n${script.slice(start, end)}`;
}

describe('the exported PyTorch script for Colour shapes', () => {
  const spec = getPreset('colour-cnn')!.spec;
  const script = pytorchCode(spec);
  if (!script.ok) throw new Error(script.message);

  it('loads no torchvision dataset: it draws the images itself, with the page’s seeds', () => {
    expect(script.value).not.toContain('datasets.MNIST');
    expect(script.value).toContain('train_set = colour_shapes_dataset(TRAIN_COUNT, TRAIN_SEED)');
    const seeds = splitSeeds(0x434f4c52);
    expect(script.value).toContain(`TRAIN_SEED, TEST_SEED = ${seeds.train}, ${seeds.test}`);
    expect(script.value).toContain('CLASSES = ["red circle", "green circle", "blue circle", "red square"');
  });

  it.skipIf(!hasNumpy)('draws byte for byte the images the page draws (numpy against the page’s generator)', () => {
    const count = 1200; // more than one of the script's chunks of 1,000
    const seed = splitSeeds(0x434f4c52).test;
    const program = `${generatorSource(script.value)}
import hashlib, sys
images, labels = colour_shapes(${count}, ${seed}, 32, 32)
print(hashlib.sha256(images.tobytes()).hexdigest(), hashlib.sha256(labels.astype(np.uint8).tobytes()).hexdigest())
`;
    const run = spawnSync('python3', ['-c', program], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const page = colourShapesSplit(count, 32, 32, seed);
    const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    expect(run.stdout.trim()).toBe(`${digest(page.images)} ${digest(page.labels)}`);
    expect(COLOUR_SHAPES.inputShape).toEqual([32, 32, 3]);
  });
});
