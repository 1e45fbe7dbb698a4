/** The PyTorch export as code and data: torchOps' modules, the generated Python file and torchWeights' state_dict. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeNetwork } from '../../../src/core/analysis/analyze';
import { samePadding } from '../../../src/core/math/convMath';
import { pytorchCode } from '../../../src/core/export/pytorchCode';
import { torchOps, type TorchOp } from '../../../src/core/export/torchOps';
import { torchWeights } from '../../../src/core/export/torchWeights';
import { weightLayout } from '../../../src/core/export/weightLayout';
import { getPreset, PRESETS } from '../../../src/core/editing/presets';
import { ownDatasetDescription } from '../../../src/core/dataset/ownDataset';
import { withDatasetClassifier } from '../../../src/core/dataset/specDataset';
import type { LayerSpec, NetworkSpec, Pair, TensorShape } from '../../../src/core/spec/spec';
import { DEFAULT_SETTINGS, learningRateAt, OPTIMIZERS, type TrainingSettings } from '../../../src/core/training/training';
import { validSpecArb } from './arbitraries';
import { classifier, layer, net } from './helpers';

const preset = (id: string): NetworkSpec => {
  const spec = getPreset(id)?.spec;
  if (!spec) throw new Error(`no preset ${id}`);
  return spec;
};

function code(spec: NetworkSpec, settings?: TrainingSettings): string {
  const result = pytorchCode(spec, settings ? { settings } : {});
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

function ops(spec: NetworkSpec): TorchOp[] {
  const result = torchOps(spec);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

/** The module lines of the Sequential, comments and indentation dropped. */
const moduleLines = (text: string): string[] =>
  text
    .slice(text.indexOf('nn.Sequential(') + 'nn.Sequential('.length, text.indexOf('\n        )\n'))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.replace(/,(\s+#.*)?$/, ''));

/** Compiles every file in one python3 process; returns the files that failed, with their errors. */
function pythonErrors(files: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'kernelscope-py-'));
  try {
    const paths = files.map((text, i) => {
      const path = join(dir, `net_${i}.py`);
      writeFileSync(path, text);
      return path;
    });
    const script = [
      'import ast, sys',
      'for path in sys.argv[1:]:',
      '    try:',
      '        source = open(path, encoding="utf-8").read()',
      '        ast.parse(source, path)',
      '        compile(source, path, "exec", dont_inherit=True)',
      '    except SyntaxError as error:',
      '        print(path, error)',
    ].join('\n');
    return execFileSync('python3', ['-c', script, ...paths], { encoding: 'utf-8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs the generated make_scheduler and random_shift (cut out of the file with ast) in plain Python,
 * torch stood in for by nested lists, as torch is not installed here: the scheduler's factor at
 * `steps` of a 1000-step run, and `images` (N, C, H, W) after one random_shift by 2 pixels.
 */
function runTrainingHelpers(text: string, steps: readonly number[], images: number[][][][]): { factors: number[]; constant: null; shifted: number[][][][] } {
  const dir = mkdtempSync(join(tmpdir(), 'kernelscope-py-'));
  try {
    const path = join(dir, 'net.py');
    writeFileSync(path, text);
    const script = [
      'import ast, json, math, random, sys',
      'from types import SimpleNamespace as NS',
      'tree = ast.parse(open(sys.argv[1], encoding="utf-8").read())',
      'helpers = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name in ("make_scheduler", "random_shift")]',
      'class T:',
      '    def __init__(self, data):',
      '        self.data = data',
      '        self.shape = (len(data), len(data[0]), len(data[0][0]), len(data[0][0][0]))',
      '    def __getitem__(self, key):',
      '        i, c, rows, cols = key',
      '        return [[row[cols] for row in channel[rows]] for channel in self.data[i][c]]',
      'def pad(t, p):',
      '    left, right, top, bottom = p',
      '    width = t.shape[3] + left + right',
      '    grow = lambda ch: [[0.0] * width for _ in range(top)] + [[0.0] * left + r + [0.0] * right for r in ch] + [[0.0] * width for _ in range(bottom)]',
      '    return T([[grow(ch) for ch in image] for image in t.data])',
      'rng = random.Random(7)',
      'randint = lambda low, high, size: NS(tolist=lambda: [[rng.randrange(low, high) for _ in range(size[1])] for _ in range(size[0])])',
      'torch = NS(optim=NS(lr_scheduler=NS(LambdaLR=lambda optimizer, f: f)), randint=randint, stack=lambda images: T(images))',
      'scope = {"math": math, "torch": torch, "F": NS(pad=pad)}',
      'exec(compile(ast.Module(body=helpers, type_ignores=[]), sys.argv[1], "exec"), scope)',
      'cosine = scope["make_scheduler"](None, "cosine", 1000)',
      'steps, images = json.loads(sys.argv[2]), json.loads(sys.argv[3])',
      'print(json.dumps({"factors": [cosine(s) for s in steps], "constant": scope["make_scheduler"](None, "constant", 1000),',
      '                  "shifted": scope["random_shift"](T(images), 2).data}))',
    ].join('\n');
    return JSON.parse(execFileSync('python3', ['-c', script, path, JSON.stringify(steps), JSON.stringify(images)], { encoding: 'utf-8' })) as ReturnType<typeof runTrainingHelpers>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether TF's 'same' pads this [h, w] map unevenly, from the convMath rule alone. */
function unevenSame(input: TensorShape, kernel: Pair, strides: Pair, dilation: Pair): boolean {
  const [top, bottom] = samePadding(input[0]!, kernel[0], strides[0], dilation[0]);
  const [left, right] = samePadding(input[1]!, kernel[1], strides[1], dilation[1]);
  return top !== bottom || left !== right;
}

/** How many modules a layer should become, worked out from its settings. */
function expectedOpCount(layer: LayerSpec, input: TensorShape): number {
  const act = (fn: string): number => (fn === 'linear' ? 0 : 1);
  switch (layer.kind) {
    case 'conv2d':
    case 'depthwiseConv2d':
    case 'separableConv2d': {
      const pad = layer.padding === 'same' && unevenSame(input, layer.kernelSize, layer.strides, layer.dilation) ? 1 : 0;
      return pad + (layer.kind === 'separableConv2d' ? 2 : 1) + act(layer.activation);
    }
    case 'maxPool2d':
      return layer.padding === 'same' && unevenSame(input, layer.poolSize, layer.strides, [1, 1]) ? 2 : 1;
    case 'globalAvgPool2d':
    case 'globalMaxPool2d':
      return 2;
    case 'dense':
      return 1 + act(layer.activation);
    default:
      return 1;
  }
}

/** Checks the ops of a spec against its analysis: indices, op counts per layer, Linear and BatchNorm sizes. */
function expectOpsFitAnalysis(spec: NetworkSpec): void {
  const list = ops(spec);
  const analysis = analyzeNetwork(spec);
  expect(list.map((op) => op.index)).toEqual(list.map((_, i) => i));
  for (const [i, l] of spec.layers.entries()) {
    const input = analysis.layers[i]!.inputShape!;
    const own = list.filter((op) => op.specLayer === i);
    expect(own.length, `ops of layer ${i + 1} (${l.kind})`).toBe(expectedOpCount(l, input));
    for (const op of own) {
      if (op.type === 'Linear') expect(op.inFeatures).toBe(input[0]);
      if (op.type === 'BatchNorm1d' || op.type === 'BatchNorm2d') expect(op.features).toBe(input[input.length - 1]);
    }
  }
  // Each spec layer's ops are contiguous, in spec order.
  expect(list.map((op) => op.specLayer)).toEqual([...list.map((op) => op.specLayer)].sort((a, b) => a - b));
}

describe('pytorchCode', () => {
  it('writes Python that compiles for every preset and many random networks', () => {
    const specs = [...PRESETS.map((p) => p.spec), ...fc.sample(validSpecArb, { numRuns: 60, seed: 4242 })];
    const files = specs.map((spec, i) => code(spec, { optimizer: OPTIMIZERS[i % OPTIMIZERS.length]!, learningRate: 0.005, batchSize: 64, epochs: 2, schedule: i % 2 ? 'cosine' : 'constant', augmentation: i % 3 ? 'none' : 'shift' }));
    for (const [i, spec] of specs.entries()) {
      expectOpsFitAnalysis(spec);
      const analysis = analyzeNetwork(spec);
      const linears = moduleLines(files[i]!).filter((l) => l.startsWith('nn.Linear('));
      const dense = spec.layers.flatMap((l, j) => (l.kind === 'dense' ? [analysis.layers[j]!.inputShape![0]] : []));
      expect(linears.map((l) => Number(/^nn\.Linear\((\d+),/.exec(l)?.[1]))).toEqual(dense);
      expect(moduleLines(files[i]!)).toHaveLength(ops(spec).length);
    }
    expect(pythonErrors(files)).toBe('');
  });

  it('writes the small CNN as students would', () => {
    const text = code(preset('small-cnn'));
    expect(text).toContain(
      [
        '        self.layers = nn.Sequential(',
        '            # Layer 1: conv2d (small-cnn-1) -> (N, 8, 24, 24)',
        '            nn.Conv2d(1, 8, kernel_size=5),',
        '            nn.ReLU(),',
        '            # Layer 2: maxPool2d (small-cnn-2) -> (N, 8, 12, 12)',
        '            nn.MaxPool2d(kernel_size=2, stride=2),',
        '            # Layer 3: conv2d (small-cnn-3) -> (N, 16, 8, 8)',
        '            nn.Conv2d(8, 16, kernel_size=5),',
        '            nn.ReLU(),',
        '            # Layer 4: maxPool2d (small-cnn-4) -> (N, 16, 4, 4)',
        '            nn.MaxPool2d(kernel_size=2, stride=2),',
        '            # Layer 5: flatten (small-cnn-5) -> (N, 256)',
        "            nn.Flatten(),  # (C, H, W) order; the next Linear's weights follow it",
        '            # Layer 6: dense (small-cnn-6) -> (N, 10)',
        '            nn.Linear(256, 10),',
        '            nn.Softmax(dim=1),',
        '        )',
      ].join('\n'),
    );
    expect(text).toContain('import torch.nn.functional as F\nfrom safetensors.torch import load_file, save_file');
    expect(text).toContain('    model.load_state_dict(load_file(path), strict=True)');
    expect(text).toContain('    return F.nll_loss(torch.log(probabilities.clamp(1e-7, 1 - 1e-7)), labels)');
    expect(text).toContain('TRANSFORM = transforms.ToTensor()');
    expect(text).toContain('parser.add_argument("--weights"');
    expect(text).toContain('if __name__ == "__main__":\n    main()\n');
    // No custom module where none is needed.
    expect(text).not.toContain('class AvgPoolSame');
  });

  it("puts TF's uneven 'same' padding in a Pad op before an unpadded conv", () => {
    const spec = net([layer('conv2d', { filters: 4, kernelSize: [3, 3], strides: [2, 2], padding: 'same', activation: 'linear' }), ...classifier()]);
    expect(moduleLines(code(spec)).slice(0, 2)).toEqual(['nn.ZeroPad2d((0, 1, 0, 1))', 'nn.Conv2d(1, 4, kernel_size=3, stride=2)']);
    const [pad] = ops(spec);
    expect(pad).toMatchObject({ type: 'Pad', pads: [0, 1, 0, 1], mode: 'constant', value: 0, specLayer: 0 });
    // Even sizes on one axis only: 9 rows pad 1 and 1, 8 columns 0 and 1.
    const mixed = net([layer('conv2d', { filters: 2, kernelSize: [3, 3], strides: [2, 2], padding: 'same', paddingMode: 'replicate' }), ...classifier()], [9, 8, 1]);
    expect(moduleLines(code(mixed)).slice(0, 3)).toEqual(['nn.ReplicationPad2d((0, 1, 1, 1))', 'nn.Conv2d(1, 2, kernel_size=3, stride=2)', 'nn.ReLU()']);
  });

  it('keeps even padding in Conv2d, with its padding mode', () => {
    const reflect = net([layer('conv2d', { filters: 3, kernelSize: [3, 3], padding: [1, 2], paddingMode: 'reflect', activation: 'linear' }), ...classifier()], [8, 8, 2]);
    expect(moduleLines(code(reflect))[0]).toBe('nn.Conv2d(2, 3, kernel_size=3, padding=(1, 2), padding_mode="reflect")');
    const same = net([layer('conv2d', { filters: 3, kernelSize: [3, 5], dilation: [2, 1], padding: 'same', paddingMode: 'circular', useBias: false }), ...classifier()]);
    expect(moduleLines(code(same))[0]).toBe('nn.Conv2d(1, 3, kernel_size=(3, 5), padding=2, dilation=(2, 1), bias=False, padding_mode="circular")');
    const unevenCircular = net([layer('conv2d', { filters: 3, kernelSize: [2, 2], padding: 'same', paddingMode: 'circular' }), ...classifier()]);
    expect(moduleLines(code(unevenCircular))[0]).toBe('nn.CircularPad2d((0, 1, 0, 1))');
  });

  it('writes depthwise and separable convs as grouped convs', () => {
    const spec = net(
      [
        layer('depthwiseConv2d', { kernelSize: [3, 3], depthMultiplier: 2, strides: [2, 2], dilation: [1, 1], activation: 'linear' }),
        layer('separableConv2d', { filters: 5, kernelSize: [3, 3], depthMultiplier: 3, strides: [2, 2], dilation: [2, 2], padding: [1, 1], activation: 'relu', useBias: true }),
        ...classifier(),
      ],
      [20, 20, 3],
    );
    expect(moduleLines(code(spec)).slice(0, 4)).toEqual([
      'nn.Conv2d(3, 6, kernel_size=3, stride=2, groups=3)',
      'nn.Conv2d(6, 18, kernel_size=3, stride=2, padding=1, dilation=2, groups=6, bias=False)',
      'nn.Conv2d(18, 5, kernel_size=1)',
      'nn.ReLU()',
    ]);
  });

  it('pools as tfjs does, with AvgPoolSame only for uneven average pooling', () => {
    const pools = net(
      [
        layer('avgPool2d', { poolSize: [3, 3], strides: [1, 1], padding: 'same' }),
        layer('maxPool2d', { poolSize: [2, 2], strides: [2, 2], padding: 'same' }),
        layer('avgPool2d', { poolSize: [2, 2], strides: [2, 2], padding: 'same' }),
        layer('avgPool2d', { poolSize: [2, 2], strides: [1, 1], padding: [1, 1] }),
        layer('maxPool2d', { poolSize: [3, 3], strides: [1, 1], padding: 'same' }),
        ...classifier(),
      ],
      [9, 9, 2],
    );
    const text = code(pools);
    expect(moduleLines(text).slice(0, 7)).toEqual([
      'nn.AvgPool2d(kernel_size=3, stride=1, padding=1, count_include_pad=False)',
      'nn.ConstantPad2d((0, 1, 0, 1), float("-inf"))',
      'nn.MaxPool2d(kernel_size=2, stride=2)',
      'AvgPoolSame(kernel_size=2, stride=2, pads=(0, 1, 0, 1))',
      'nn.AvgPool2d(kernel_size=2, stride=1, padding=1)',
      'nn.MaxPool2d(kernel_size=3, stride=1, padding=1)',
      'nn.Flatten()',
    ]);
    expect(text).toContain('class AvgPoolSame(nn.Module):');
    expect(text).toContain('        return sums / counts');
  });

  it("writes batch norm with Keras' epsilon and momentum, 1d after a flatten", () => {
    const spec = net([layer('conv2d', { filters: 4 }), layer('batchNorm'), layer('flatten'), layer('batchNorm'), layer('dense', { units: 10, activation: 'softmax' })], [5, 5, 1]);
    const lines = moduleLines(code(spec));
    expect(lines).toContain('nn.BatchNorm2d(4, eps=0.001, momentum=0.01)');
    expect(lines).toContain('nn.BatchNorm1d(36, eps=0.001, momentum=0.01)');
    const list = ops(spec);
    expect(list.find((op) => op.type === 'BatchNorm1d')).toMatchObject({ flattenedFrom: [3, 3, 4] });
    expect(list.find((op) => op.type === 'Linear')).toMatchObject({ inFeatures: 36, flattenedFrom: [3, 3, 4] });
  });

  it('writes every activation and dropout', () => {
    const fns = ['relu', 'leakyRelu', 'elu', 'sigmoid', 'tanh'] as const;
    const spec = net([layer('flatten'), ...fns.map((fn) => layer('activation', { activation: fn })), layer('dropout', { rate: 0.25 }), layer('dense', { units: 10, activation: 'softmax' })], [2, 2, 1]);
    expect(moduleLines(code(spec))).toEqual([
      'nn.Flatten()',
      'nn.ReLU()',
      'nn.LeakyReLU(negative_slope=0.01)',
      'nn.ELU(alpha=1.0)',
      'nn.Sigmoid()',
      'nn.Tanh()',
      'nn.Dropout(p=0.25)',
      'nn.Linear(4, 10)',
      'nn.Softmax(dim=1)',
    ]);
  });

  it("uses the browser's training settings and tfjs's optimizer defaults", () => {
    const spec = preset('small-cnn');
    const lines = (optimizer: TrainingSettings['optimizer']) => code(spec, { ...DEFAULT_SETTINGS, optimizer, learningRate: 0.02, batchSize: 128, epochs: 7 });
    expect(lines('sgd')).toContain('    return torch.optim.SGD(model.parameters(), lr=lr)\n');
    expect(lines('momentum')).toContain('    return torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)\n');
    expect(lines('adam')).toContain('    return torch.optim.Adam(model.parameters(), lr=lr, betas=(0.9, 0.999), eps=1e-07)\n');
    expect(lines('rmsprop')).toContain('    return torch.optim.RMSprop(model.parameters(), lr=lr, alpha=0.9, eps=1e-07)\n');
    expect(lines('sgd')).toContain('LEARNING_RATE = 0.02\nBATCH_SIZE = 128\nEPOCHS = 7\n');
    expect(code(spec)).toContain('LEARNING_RATE = 0.003\nBATCH_SIZE = 32\nEPOCHS = 3\n');
  });

  it('trains with the browser\'s schedule and augmentation: LambdaLR only for cosine, shifted batches only with shift', () => {
    const spec = preset('small-cnn');
    const plain = code(spec, { ...DEFAULT_SETTINGS, schedule: 'constant', augmentation: 'none' });
    const tuned = code(spec, { ...DEFAULT_SETTINGS, schedule: 'cosine', augmentation: 'shift' });
    expect(plain).toContain('SCHEDULE = "constant"\n');
    expect(plain).toContain('AUGMENTATION = "none"\n');
    expect(tuned).toContain('SCHEDULE = "cosine"\n');
    expect(tuned).toContain('AUGMENTATION = "shift"\nSHIFT_PIXELS = 2\n');
    // The script decides at run time, so both files hold both paths; the constants pick one.
    for (const text of [plain, tuned]) {
      expect(text).toContain('    if schedule == "constant":\n        return None\n');
      expect(text).toContain('math.cos(math.pi * min(step, total_steps) / total_steps)');
      expect(text).toContain('        if augmentation == "shift":\n            images = random_shift(images, SHIFT_PIXELS)\n');
      expect(text).toContain('            scheduler.step()\n');
      expect(text).toContain('parser.add_argument("--schedule", choices=["constant", "cosine"], default=SCHEDULE)');
    }
    // Evaluation never shifts.
    expect(tuned.slice(tuned.indexOf('def evaluate('), tuned.indexOf('def main('))).not.toContain('random_shift');
    expect(tuned).toContain('    scheduler = make_scheduler(optimizer, args.schedule, max(1, args.epochs * len(train_loader)))\n');
    expect(pythonErrors([plain, tuned])).toBe('');
  });

  it("runs the browser's cosine rate and its shifts: each image moved whole by its own dx, dy up to 2, zeros coming in", () => {
    const settings = { ...DEFAULT_SETTINGS, learningRate: 0.004, schedule: 'cosine', augmentation: 'shift' } as const;
    const steps = [0, 1, 250, 500, 999, 1000, 1500];
    const [n, channels, h, w] = [30, 2, 5, 6];
    // Every value is 1 + its place in the image, so a pixel left in the frame tells where it came from.
    const images = Array.from({ length: n }, () => Array.from({ length: channels }, (_, c) => Array.from({ length: h }, (_, y) => Array.from({ length: w }, (_, x) => 1 + (c * h + y) * w + x))));
    const { factors, constant, shifted } = runTrainingHelpers(code(preset('small-cnn'), settings), steps, images);
    expect(constant).toBeNull();
    steps.forEach((step, i) => expect(settings.learningRate * factors[i]!).toBeCloseTo(learningRateAt(settings, step, 1000), 12));
    const seen = new Set<string>();
    for (const image of shifted) {
      const flat = image.flat(2);
      const at = flat.findIndex((v) => v !== 0);
      const from = flat[at]! - 1;
      const [dy, dx] = [Math.floor(at / w) - Math.floor(from / w), (at % w) - (from % w)];
      expect(Math.max(Math.abs(dy), Math.abs(dx))).toBeLessThanOrEqual(2);
      seen.add(`${dy},${dx}`);
      image.forEach((channel, c) =>
        channel.forEach((row, y) =>
          row.forEach((value, x) => {
            const [sy, sx] = [y - dy, x - dx];
            expect(value).toBe(sy >= 0 && sy < h && sx >= 0 && sx < w ? 1 + (c * h + sy) * w + sx : 0);
          }),
        ),
      );
    }
    expect(seen.size).toBeGreaterThan(5);
  });

  it('fits MNIST to another input shape and keeps odd ids out of the code', () => {
    const spec = net([{ ...layer('conv2d', { filters: 2 }), id: 'a\nb"""\\' }, ...classifier()], [14, 12, 3]);
    const text = code(spec);
    expect(text).toContain('    transforms.Resize((14, 12)),');
    expect(text).toContain('    transforms.Lambda(lambda image: image.repeat(3, 1, 1)),');
    expect(text).toContain('# Layer 1: conv2d (a?b????) -> (N, 2, 12, 10)');
    expect(pythonErrors([text])).toBe('');
  });

  it('refuses invalid networks and settings', () => {
    const invalid = net([layer('conv2d')]);
    expect(pytorchCode(invalid).ok).toBe(false);
    expect(torchOps(invalid).ok).toBe(false);
    const bad = pytorchCode(preset('small-cnn'), { settings: { ...DEFAULT_SETTINGS, learningRate: 5 } });
    expect(bad.ok).toBe(false);
  });
});

describe('torchWeights', () => {
  /** Weights numbered 0, 1, 2, ... across the whole layout, so every value says where it came from. */
  function numbered(spec: NetworkSpec): Float32Array[] {
    let next = 0;
    return (weightLayout(spec) ?? []).map((slot) => Float32Array.from({ length: slot.size }, () => next++));
  }

  function tensorsOf(spec: NetworkSpec, weights = numbered(spec)) {
    const result = torchWeights(spec, weights);
    if (!result.ok) throw new Error(result.message);
    return new Map(result.value.map((t) => [t.name, t]));
  }

  it('names every tensor as the state_dict does, in its order, with PyTorch shapes', () => {
    const spec = net([layer('conv2d', { filters: 3, kernelSize: [2, 2] }), layer('batchNorm'), layer('flatten'), layer('dense', { units: 10, activation: 'softmax', useBias: false })], [4, 4, 2]);
    const result = torchWeights(spec, numbered(spec));
    if (!result.ok) throw new Error(result.message);
    expect(result.value.map((t) => [t.name, t.shape, t.dtype])).toEqual([
      ['layers.0.weight', [3, 2, 2, 2], 'F32'],
      ['layers.0.bias', [3], 'F32'],
      ['layers.2.weight', [3], 'F32'],
      ['layers.2.bias', [3], 'F32'],
      ['layers.2.running_mean', [3], 'F32'],
      ['layers.2.running_var', [3], 'F32'],
      ['layers.2.num_batches_tracked', [], 'I64'],
      ['layers.4.weight', [10, 27], 'F32'],
    ]);
    expect(result.value[6]!.data).toEqual(new BigInt64Array([0n]));
  });

  it('transposes conv kernels to [out, in, kh, kw]', () => {
    // tfjs kernel [kh=2, kw=2, in=2, out=3]: value ((i * 2 + j) * 2 + c) * 3 + o.
    const spec = net([layer('conv2d', { filters: 3, kernelSize: [2, 2], useBias: false }), ...classifier()], [4, 4, 2]);
    const weight = tensorsOf(spec).get('layers.0.weight')!;
    const at = (o: number, c: number, i: number, j: number): number => weight.data[((o * 2 + c) * 2 + i) * 2 + j] as number;
    expect(at(0, 0, 0, 0)).toBe(0);
    expect(at(2, 1, 1, 0)).toBe(((1 * 2 + 0) * 2 + 1) * 3 + 2);
    expect(at(1, 0, 0, 1)).toBe(((0 * 2 + 1) * 2 + 0) * 3 + 1);
  });

  it('orders depthwise output channels c * multiplier + m', () => {
    // tfjs depthwise kernel [1, 1, in=2, m=3]: value c * 3 + m; PyTorch channel c * 3 + m holds it.
    const spec = net([layer('depthwiseConv2d', { kernelSize: [1, 1], depthMultiplier: 3, useBias: false }), ...classifier()], [2, 2, 2]);
    const weight = tensorsOf(spec).get('layers.0.weight')!;
    expect(weight.shape).toEqual([6, 1, 1, 1]);
    expect([...(weight.data as Float32Array)]).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("reorders the first Linear's inputs (and BatchNorm1d features) from (H, W, C) to (C, H, W)", () => {
    // A [1, 2, 2] map: tfjs features (h, w, c) = (0,0,0) (0,0,1) (0,1,0) (0,1,1); PyTorch's (c, h, w) = 0, 2, 1, 3 of them.
    const spec = net([layer('flatten'), layer('batchNorm'), layer('dense', { units: 10, activation: 'softmax', useBias: true })], [1, 2, 2]);
    const tensors = tensorsOf(spec);
    // Layout: gamma 0-3, beta 4-7, kernel [4, 10] 8-47, bias 48-57, then moving mean 58-61 and variance 62-65.
    expect([...(tensors.get('layers.1.weight')!.data as Float32Array)]).toEqual([0, 2, 1, 3]);
    expect([...(tensors.get('layers.1.running_var')!.data as Float32Array)]).toEqual([62, 64, 63, 65]);
    const weight = tensors.get('layers.2.weight')!.data as Float32Array;
    // Row o of the PyTorch weight: tfjs kernel[order[i]][o] = 8 + order[i] * 10 + o.
    expect([...weight.slice(0, 4)]).toEqual([8, 28, 18, 38]);
    expect([...weight.slice(4, 8)]).toEqual([9, 29, 19, 39]);
    expect([...(tensors.get('layers.2.bias')!.data as Float32Array)]).toEqual([48, 49, 50, 51, 52, 53, 54, 55, 56, 57]);
  });

  it('refuses weights that do not fit the layout', () => {
    const spec = preset('small-cnn');
    const weights = numbered(spec);
    const fewer = torchWeights(spec, weights.slice(1));
    expect(fewer.ok).toBe(false);
    if (!fewer.ok) expect(fewer.message).toContain('6 weight tensors, but 5');
    const wrongSize = torchWeights(spec, [new Float32Array(3), ...weights.slice(1)]);
    expect(wrongSize.ok).toBe(false);
    if (!wrongSize.ok) expect(wrongSize.message).toContain('should hold 200 values (5x5x1x8), but it holds 3');
    expect(torchWeights(net([layer('conv2d')]), []).ok).toBe(false);
  });
});

describe('the dataset in the exported script', () => {
  it('loads the network’s dataset through torchvision and names its classes in CLASSES', () => {
    const spec = getPreset('small-cnn')!.spec;
    const mnist = pytorchCode(spec);
    expect(mnist.ok && mnist.value).toContain("CLASSES = [\"0\", \"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\", \"9\"]");
    expect(mnist.ok && mnist.value).toContain('datasets.MNIST(args.data, train=True');
    const fashion = pytorchCode({ ...spec, dataset: 'fashion-mnist' });
    if (!fashion.ok) throw new Error(fashion.message);
    expect(fashion.value).toContain('CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]');
    expect(fashion.value).toContain('datasets.FashionMNIST(args.data, train=False, download=True, transform=TRANSFORM)');
    expect(fashion.value).toContain("the page trained and tested on a split of its own");
    expect(fashion.value).toContain('description="Train KernelscopeNet on Fashion-MNIST."');
    expect(fashion.value).not.toContain('datasets.MNIST(');
  });

  it('reads a user’s own images from the page’s zip through ImageFolder, in the page’s class order, and compiles', () => {
    const own = ownDatasetDescription({ id: 'own-x1', name: 'My "leaves" 2', inputShape: [32, 32, 1], classNames: ['oak', 'ash/elm', '<b>x</b>'], classCounts: [9, 9, 9] });
    const spec = withDatasetClassifier(getPreset('small-cnn')!.spec, own);
    const result = pytorchCode(spec, { dataset: own });
    if (!result.ok) throw new Error(result.message);
    const text = result.value;
    expect(text).toContain('CLASSES = ["oak", "ash/elm", "<b>x</b>"]');
    expect(text).toContain('FOLDERS = ["oak", "ash_elm", "_b_x__b_"]');
    expect(text).toContain('DATA_FOLDER = "My_leaves_2"');
    expect(text).toContain('TRANSFORM = transforms.Compose([transforms.Grayscale(1), transforms.ToTensor()])');
    expect(text).toContain('return list(FOLDERS), {folder: k for k, folder in enumerate(FOLDERS)}');
    expect(text).toContain('train_set = OwnImages(os.path.join(args.data, "train"), transform=TRANSFORM)');
    expect(text).toContain('test_set = OwnImages(os.path.join(args.data, "test"), transform=TRANSFORM)');
    expect(text).not.toContain('download=True');
    expect(pythonErrors([text])).toBe('');
    const colour = pytorchCode(withDatasetClassifier(getPreset('small-cnn')!.spec, { ...own, inputShape: [32, 32, 3] }), { dataset: { ...own, inputShape: [32, 32, 3] } });
    expect(colour.ok && colour.value).toContain('TRANSFORM = transforms.ToTensor()');
  });
});
