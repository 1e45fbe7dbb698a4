/**
 * The network as a runnable PyTorch file: KernelscopeNet (an nn.Sequential of torchOps' modules,
 * computing what the browser's tfjs model computes), load_weights for the .safetensors file the
 * browser exports (torchWeights' tensors), and an MNIST training loop with the browser's settings.
 */
import { MNIST } from '../dataset/builtin';
import type { DatasetDescription } from '../dataset/description';
import { datasetOfSpec } from '../dataset/specDataset';
import { datasetPython } from './datasetPython';
import { analyzeNetwork } from '../analysis/analyze';
import { pyFloat, pyInt, pyIntOrTuple } from '../summaries/pythonRepr';
import type { NetworkSpec, TensorShape } from '../spec/spec';
import { DEFAULT_SETTINGS, readSettings, SHIFT_PIXELS, type OptimizerName, type TrainingSettings } from '../training/training';
import { fail, succeed, type Result } from './result';
import { torchOps, type Conv2dOp, type PadOp, type TorchOp } from './torchOps';

export interface PytorchCodeOptions {
  /** The browser's training settings, the script's defaults; DEFAULT_SETTINGS when absent. */
  settings?: TrainingSettings;
  /** The weights file the usage text names; 'model.safetensors' when absent. */
  weightsFile?: string;
  /** The script's own file name in the usage text; 'kernelscope_net.py' when absent. */
  scriptName?: string;
  /** The dataset it trains on (the page's current one); the spec's built-in one, or MNIST, when absent. */
  dataset?: DatasetDescription;
}

/** Text safe inside a Python comment or docstring: printable ASCII without quotes or backslashes, at most 60 characters. */
const safeText = (text: string): string => {
  const clean = text.replace(/[^\x20-\x7E]|["\\]/g, '?');
  return clean.length > 60 ? `${clean.slice(0, 57)}...` : clean;
};

const isOnes = (pair: readonly number[]): boolean => pair.every((n) => n === 1);
const isZeros = (pair: readonly number[]): boolean => pair.every((n) => n === 0);
const pySides = (sides: readonly number[]): string => `(${sides.map(pyInt).join(', ')})`;
const pyStr = (text: string): string => JSON.stringify(text);

function conv2d(op: Conv2dOp): string {
  const args = [pyInt(op.inChannels), pyInt(op.outChannels), `kernel_size=${pyIntOrTuple(op.kernel)}`];
  if (!isOnes(op.stride)) args.push(`stride=${pyIntOrTuple(op.stride)}`);
  if (!isZeros(op.padding)) args.push(`padding=${pyIntOrTuple(op.padding)}`);
  if (!isOnes(op.dilation)) args.push(`dilation=${pyIntOrTuple(op.dilation)}`);
  if (op.groups !== 1) args.push(`groups=${pyInt(op.groups)}`);
  if (!op.bias) args.push('bias=False');
  if (op.paddingMode !== 'zeros') args.push(`padding_mode=${pyStr(op.paddingMode)}`);
  return `nn.Conv2d(${args.join(', ')})`;
}

function pad(op: PadOp): string {
  const sides = pySides(op.pads);
  switch (op.mode) {
    case 'reflect':
      return `nn.ReflectionPad2d(${sides})`;
    case 'replicate':
      return `nn.ReplicationPad2d(${sides})`;
    case 'circular':
      return `nn.CircularPad2d(${sides})`;
    case 'constant':
      if (op.value === 0) return `nn.ZeroPad2d(${sides})`;
      return `nn.ConstantPad2d(${sides}, ${op.value === Number.NEGATIVE_INFINITY ? 'float("-inf")' : pyFloat(op.value)})`;
  }
}

const windowArgs = (kernel: readonly number[], stride: readonly number[]): string => `kernel_size=${pyIntOrTuple(kernel)}, stride=${pyIntOrTuple(stride)}`;
const poolPadding = (padding: readonly number[]): string => (isZeros(padding) ? '' : `, padding=${pyIntOrTuple(padding)}`);

/** The module expression of one op, as it stands in the Sequential. */
export function opCode(op: TorchOp): string {
  switch (op.type) {
    case 'Conv2d':
      return conv2d(op);
    case 'Pad':
      return pad(op);
    case 'MaxPool2d':
      return `nn.MaxPool2d(${windowArgs(op.kernel, op.stride)}${poolPadding(op.padding)})`;
    case 'AvgPool2d':
      return `nn.AvgPool2d(${windowArgs(op.kernel, op.stride)}${poolPadding(op.padding)}${op.countIncludePad ? '' : ', count_include_pad=False'})`;
    case 'AvgPoolSame':
      return `AvgPoolSame(${windowArgs(op.kernel, op.stride)}, pads=${pySides(op.pads)})`;
    case 'AdaptiveAvgPool2d':
    case 'AdaptiveMaxPool2d':
      return `nn.${op.type}(${pyInt(op.outputSize)})`;
    case 'Flatten':
      return 'nn.Flatten()';
    case 'Linear':
      return `nn.Linear(${pyInt(op.inFeatures)}, ${pyInt(op.outFeatures)}${op.bias ? '' : ', bias=False'})`;
    case 'BatchNorm1d':
    case 'BatchNorm2d':
      return `nn.${op.type}(${pyInt(op.features)}, eps=${pyFloat(op.eps)}, momentum=${pyFloat(op.momentum)})`;
    case 'ReLU':
    case 'Sigmoid':
    case 'Tanh':
      return `nn.${op.type}()`;
    case 'LeakyReLU':
      return `nn.LeakyReLU(negative_slope=${pyFloat(op.slope)})`;
    case 'ELU':
      return `nn.ELU(alpha=${pyFloat(op.alpha)})`;
    case 'Softmax':
      return `nn.Softmax(dim=${pyInt(op.dim)})`;
    case 'Dropout':
      return `nn.Dropout(p=${pyFloat(op.p)})`;
  }
}

/** Why an op that is not what a student would write first is there, or null. */
function opNote(op: TorchOp): string | null {
  switch (op.type) {
    case 'Pad':
      return op.value === Number.NEGATIVE_INFINITY ? "TF 'same': uneven; padding never wins the max" : "TF 'same': the extra cell at the bottom/right";
    case 'AvgPool2d':
      return op.countIncludePad ? null : "TF 'same' averages only real pixels";
    case 'AvgPoolSame':
      return "TF 'same': uneven, averages only real pixels";
    case 'Flatten': {
      const [h, w, c] = op.fromShape;
      return h * w > 1 && c > 1 ? "(C, H, W) order; the next Linear's weights follow it" : null;
    }
    default:
      return null;
  }
}

const torchShape = (shape: TensorShape | null | undefined): string => {
  if (!shape) return '?';
  const [h, w, c] = shape;
  return shape.length === 3 ? `(N, ${pyInt(c)}, ${pyInt(h)}, ${pyInt(w)})` : `(N, ${shape.map(pyInt).join(', ')})`;
};

const AVG_POOL_SAME = `class AvgPoolSame(nn.Module):
    """TensorFlow's 'same' average pooling where its padding is uneven.

    TF pads (left, right, top, bottom) and divides each window's sum by the number of
    real pixels in it, not by the window size. PyTorch's AvgPool2d(count_include_pad=False)
    does that only for even padding, so this module pools the zero-padded map and an
    all-ones map the same way and divides the two: sum / real pixels, exactly.
    """

    def __init__(self, kernel_size, stride, pads):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride
        self.pads = pads

    def forward(self, x):
        ones = torch.ones_like(x[:1, :1])
        sums = F.avg_pool2d(F.pad(x, self.pads), self.kernel_size, self.stride)
        counts = F.avg_pool2d(F.pad(ones, self.pads), self.kernel_size, self.stride)
        return sums / counts

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, pads={self.pads}"`;

/** The lines of the Sequential: a comment per spec layer, then its modules. */
function sequentialLines(spec: NetworkSpec, ops: readonly TorchOp[]): string[] {
  const analysis = analyzeNetwork(spec);
  const lines: string[] = [];
  let layer = -1;
  for (const op of ops) {
    if (op.specLayer !== layer) {
      layer = op.specLayer;
      const l = spec.layers[layer];
      lines.push(`# Layer ${layer + 1}: ${l?.kind ?? '?'} (${safeText(l?.id ?? '')}) -> ${torchShape(analysis.layers[layer]?.outputShape)}`);
    }
    const note = opNote(op);
    lines.push(`${opCode(op)},${note === null ? '' : `  # ${note}`}`);
  }
  return lines.map((line) => `            ${line}`);
}

function optimizerLines(name: OptimizerName): string[] {
  switch (name) {
    case 'sgd':
      return ['    return torch.optim.SGD(model.parameters(), lr=lr)'];
    case 'momentum':
      return ['    return torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)'];
    case 'adam':
      return ['    # tfjs defaults: betas 0.9 and 0.999, epsilon 1e-7.', '    return torch.optim.Adam(model.parameters(), lr=lr, betas=(0.9, 0.999), eps=1e-07)'];
    case 'rmsprop':
      return ['    # tfjs defaults: decay (rho) 0.9, no momentum, epsilon 1e-7.', '    return torch.optim.RMSprop(model.parameters(), lr=lr, alpha=0.9, eps=1e-07)'];
  }
}

/** Whether the network outputs probabilities: a softmax last, dropout after it aside. */
function endsInSoftmax(ops: readonly TorchOp[]): boolean {
  const last = [...ops].reverse().find((op) => op.type !== 'Dropout');
  return last?.type === 'Softmax';
}

/**
 * The complete Python file for a valid network. Fails when the network cannot be exported or the
 * settings are out of range.
 */
export function pytorchCode(spec: NetworkSpec, options: PytorchCodeOptions = {}): Result<string> {
  const ops = torchOps(spec);
  if (!ops.ok) return ops;
  const settings = readSettings(options.settings ?? DEFAULT_SETTINGS);
  if (!settings.ok) return fail(settings.message);
  const { optimizer, learningRate, batchSize, epochs, schedule, augmentation } = settings.settings;
  const weightsFile = safeText(options.weightsFile ?? 'model.safetensors');
  const script = safeText(options.scriptName ?? 'kernelscope_net.py');
  const [h, w, c] = spec.inputShape;
  const dataset = options.dataset ?? datasetOfSpec(spec) ?? MNIST;
  // A user's own dataset is named by the user: quotes or backslashes would end the docstring.
  const datasetName = safeText(dataset.name);
  const data = datasetPython(spec, dataset, datasetName);
  const probabilities = endsInSoftmax(ops.value);
  const output = analyzeNetwork(spec).outputShape;
  const outputs = probabilities ? `${pyInt(output?.[0])} class probabilities` : `${torchShape(output)} outputs`;
  const customModules = ops.value.some((op) => op.type === 'AvgPoolSame') ? ['', '', AVG_POOL_SAME] : [];
  const loss = probabilities
    ? ['    """Categorical cross-entropy on probabilities, as Keras and the browser compute it."""', '    return F.nll_loss(torch.log(probabilities.clamp(1e-7, 1 - 1e-7)), labels)']
    : ['    """Cross-entropy on the network\'s outputs (logits)."""', '    return F.cross_entropy(probabilities, labels)'];

  const lines = [
    '"""KernelscopeNet: a network built in Kernelscope, exported to PyTorch.',
    '',
    `It computes what the browser's model computes: (N, ${c}, ${h}, ${w}) images with pixels`,
    `in [0, 1] in, ${outputs} out. Load the weights the browser exported`,
    'and it gives the same outputs as the page.',
    '',
    'Usage:',
    `    python ${script}  # train on ${datasetName} with the browser's settings`,
    `    python ${script} --weights ${weightsFile} --epochs 0  # test the browser's weights`,
    '',
    `Needs torch (2.1 or later), ${data.needs} and safetensors.`,
    '"""',
    'import argparse',
    'import math',
    ...data.stdlib,
    '',
    'import torch',
    'import torch.nn as nn',
    'import torch.nn.functional as F',
    'from safetensors.torch import load_file, save_file',
    ...data.imports,
    '',
    "# The browser's training settings.",
    `LEARNING_RATE = ${pyFloat(learningRate)}`,
    `BATCH_SIZE = ${pyInt(batchSize)}`,
    `EPOCHS = ${pyInt(epochs)}`,
    '# "cosine": the rate falls from LEARNING_RATE to 0 down a half cosine, set before every batch.',
    `SCHEDULE = "${schedule}"`,
    '# "shift": each training image moves by its own random whole number of pixels, up to SHIFT_PIXELS each way.',
    `AUGMENTATION = "${augmentation}"`,
    `SHIFT_PIXELS = ${pyInt(SHIFT_PIXELS)}`,
    '',
    `# ${datasetName}'s classes: output k of the network is the probability of CLASSES[k].`,
    `CLASSES = [${dataset.classNames.map((name) => JSON.stringify(name)).join(', ')}]`,
    ...data.splitNote,
    '',
    ...data.definitions,
    ...customModules,
    '',
    '',
    'class KernelscopeNet(nn.Module):',
    `    """(N, ${c}, ${h}, ${w}) images in, ${outputs} out: the browser's layers, in order."""`,
    '',
    '    def __init__(self):',
    '        super().__init__()',
    '        self.layers = nn.Sequential(',
    ...sequentialLines(spec, ops.value),
    '        )',
    '',
    '    def forward(self, x):',
    '        return self.layers(x)',
    '',
    '',
    'def load_weights(model, path):',
    '    """Loads a .safetensors file exported by Kernelscope; every tensor must match."""',
    '    model.load_state_dict(load_file(path), strict=True)',
    '    return model',
    '',
    '',
    'def make_optimizer(model, lr):',
    ...optimizerLines(optimizer),
    '',
    '',
    'def loss_fn(probabilities, labels):',
    ...loss,
    '',
    '',
    'def make_scheduler(optimizer, schedule, total_steps):',
    '    """The browser\'s learning-rate schedule, stepped after every batch; None for a constant rate."""',
    '    if schedule == "constant":',
    '        return None',
    '    return torch.optim.lr_scheduler.LambdaLR(',
    '        optimizer, lambda step: 0.5 * (1 + math.cos(math.pi * min(step, total_steps) / total_steps))',
    '    )',
    '',
    '',
    'def random_shift(images, pixels):',
    '    """Each (C, H, W) image of the batch moved by its own random dx, dy in [-pixels, pixels], filled with 0."""',
    '    n, _, h, w = images.shape',
    '    padded = F.pad(images, (pixels, pixels, pixels, pixels))',
    '    offsets = torch.randint(0, 2 * pixels + 1, (n, 2)).tolist()',
    '    return torch.stack([padded[i, :, dy:dy + h, dx:dx + w] for i, (dy, dx) in enumerate(offsets)])',
    '',
    '',
    'def train_epoch(model, loader, optimizer, scheduler, augmentation, device):',
    '    model.train()',
    '    for images, labels in loader:',
    '        if augmentation == "shift":',
    '            images = random_shift(images, SHIFT_PIXELS)',
    '        images, labels = images.to(device), labels.to(device)',
    '        optimizer.zero_grad()',
    '        loss = loss_fn(model(images), labels)',
    '        loss.backward()',
    '        optimizer.step()',
    '        if scheduler is not None:',
    '            scheduler.step()',
    '',
    '',
    'def evaluate(model, loader, device):',
    '    """Mean loss and accuracy on a data set."""',
    '    model.eval()',
    '    total_loss, correct = 0.0, 0',
    '    with torch.no_grad():',
    '        for images, labels in loader:',
    '            images, labels = images.to(device), labels.to(device)',
    '            outputs = model(images)',
    '            total_loss += loss_fn(outputs, labels).item() * len(labels)',
    '            correct += (outputs.argmax(dim=1) == labels).sum().item()',
    '    count = len(loader.dataset)',
    '    return total_loss / count, correct / count',
    '',
    '',
    'def predict(model, image, device):',
    '    """The class index the network gives one (C, H, W) image."""',
    '    model.eval()',
    '    with torch.no_grad():',
    '        return int(model(image.unsqueeze(0).to(device)).argmax(1).item())',
    '',
    '',
    'def main():',
    `    parser = argparse.ArgumentParser(description="Train KernelscopeNet on ${datasetName}.")`,
    '    parser.add_argument("--weights", metavar="FILE", help="weights to test first (.safetensors)")',
    '    parser.add_argument("--epochs", type=int, default=EPOCHS, help="0 to only test")',
    '    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)',
    '    parser.add_argument("--lr", type=float, default=LEARNING_RATE)',
    '    parser.add_argument("--schedule", choices=["constant", "cosine"], default=SCHEDULE)',
    '    parser.add_argument("--augmentation", choices=["none", "shift"], default=AUGMENTATION)',
    ...data.argument,
    '    parser.add_argument("--save", metavar="FILE", help="save the trained weights here")',
    '    args = parser.parse_args()',
    '',
    '    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")',
    ...data.load,
    '    train_loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=True)',
    '    test_loader = DataLoader(test_set, batch_size=1000)',
    '',
    '    model = KernelscopeNet()',
    '    if args.weights:',
    '        load_weights(model, args.weights)',
    '    model.to(device)',
    '    if args.weights:',
    '        loss, accuracy = evaluate(model, test_loader, device)',
    '        print(f"{args.weights}: test loss {loss:.4f}, accuracy {accuracy:.2%}")',
    '        print(f"Test image 1 is {CLASSES[test_set[0][1]]}; the network says {CLASSES[predict(model, test_set[0][0], device)]}")',
    '',
    '    optimizer = make_optimizer(model, args.lr)',
    '    scheduler = make_scheduler(optimizer, args.schedule, max(1, args.epochs * len(train_loader)))',
    '    for epoch in range(1, args.epochs + 1):',
    '        train_epoch(model, train_loader, optimizer, scheduler, args.augmentation, device)',
    '        loss, accuracy = evaluate(model, test_loader, device)',
    '        print(f"Epoch {epoch}/{args.epochs}: test loss {loss:.4f}, accuracy {accuracy:.2%}")',
    '',
    '    if args.save:',
    '        save_file({name: t.cpu() for name, t in model.state_dict().items()}, args.save)',
    '        print(f"Saved the weights to {args.save}")',
    '',
    '',
    'if __name__ == "__main__":',
    '    main()',
    '',
  ];
  return succeed(lines.join('\n'));
}
