/** The ending rule: 10 class probabilities from a softmax. */
import { describe, expect, it } from 'vitest';
import { analyzeNetwork } from '../../../src/core/analysis/analyze';
import { applyQuickFix } from '../../../src/core/editing/applyFix';
import { FASHION_MNIST, MNIST, withDataset, type DatasetDescription } from '../../../src/core/dataset';
import { layer, net } from './helpers';

const flat = () => [layer('conv2d'), layer('flatten')];

describe('the network must end in 10 class probabilities', () => {
  it('Dense(10, softmax) is right, also with a Dropout after it', () => {
    expect(analyzeNetwork(net([...flat(), layer('dense', { units: 10, activation: 'softmax' })])).valid).toBe(true);
    expect(analyzeNetwork(net([...flat(), layer('dense', { units: 10, activation: 'softmax' }), layer('dropout')])).problems).toEqual([]);
  });

  it('Dense(10, linear) then Activation(softmax) is right', () => {
    expect(analyzeNetwork(net([...flat(), layer('dense', { activation: 'linear' }), layer('activation', { activation: 'softmax' })])).problems).toEqual([]);
  });

  it('a softmax in the middle is fine', () => {
    const spec = net([...flat(), layer('dense', { units: 64, activation: 'softmax' }), layer('dense', { units: 10, activation: 'softmax' })]);
    expect(analyzeNetwork(spec).problems).toEqual([]);
  });

  it('ending in a feature map offers Flatten + Dense(10) + softmax', () => {
    const analysis = analyzeNetwork(net([layer('conv2d')]));
    expect(analysis.problems).toEqual([
      {
        severity: 'error',
        layerIndex: null,
        message:
          'The network must end with 10 class probabilities, one per digit, but it ends with a 26x26x8 feature map. Add a Dense layer with 10 units and softmax at the end.',
        fix: { type: 'appendClassifier', classes: 10, label: 'Add Flatten + Dense(10) + softmax' },
      },
    ]);
  });

  it('ending in a hidden Dense offers Dense(10) + softmax', () => {
    const [problem] = analyzeNetwork(net([...flat(), layer('dense', { units: 128, activation: 'relu' })])).problems;
    expect(problem?.message).toContain('but it ends with 128 numbers');
    expect(problem?.fix).toEqual({ type: 'appendClassifier', classes: 10, label: 'Add Dense(10) + softmax' });
  });

  it('10 numbers without softmax from a Dense: set its activation', () => {
    const [problem] = analyzeNetwork(net([...flat(), layer('dense', { activation: 'relu' }), layer('dropout')])).problems;
    expect(problem).toEqual({
      severity: 'error',
      layerIndex: null,
      message: 'The network gives 10 numbers, but they are not probabilities yet. Set the activation of Layer 3 (Dense) to softmax so the 10 numbers add up to 1.',
      fix: { type: 'setParam', layerIndex: 2, field: 'activation', value: 'softmax', label: 'Use softmax' },
    });
  });

  it('10 numbers ending in another Activation: set it to softmax', () => {
    const [problem] = analyzeNetwork(net([...flat(), layer('dense', { activation: 'linear' }), layer('activation', { activation: 'relu' })])).problems;
    expect(problem?.fix).toEqual({ type: 'setParam', layerIndex: 3, field: 'activation', value: 'softmax', label: 'Use softmax' });
  });

  it('10 numbers ending in a BatchNorm: add the classifier', () => {
    const [problem] = analyzeNetwork(net([...flat(), layer('dense', { activation: 'softmax' }), layer('batchNorm')])).problems;
    expect(problem?.message).toContain('it ends with 10 numbers without a softmax');
    expect(problem?.fix).toEqual({ type: 'appendClassifier', classes: 10, label: 'Add Dense(10) + softmax' });
  });

  it('a softmax Dense of the wrong size: set its units to 10', () => {
    const [problem] = analyzeNetwork(net([...flat(), layer('dense', { units: 64, activation: 'softmax' })])).problems;
    expect(problem).toEqual({
      severity: 'error',
      layerIndex: null,
      message: 'The network must end with 10 class probabilities, one per digit, but Layer 3 (Dense) gives 64. Set its units to 10.',
      fix: { type: 'setParam', layerIndex: 2, field: 'units', value: 10, label: 'Set the last Dense layer to 10 units' },
    });
  });

  it('is not judged while an earlier error leaves the output unknown', () => {
    const analysis = analyzeNetwork(net([layer('conv2d', { kernelSize: [15, 15] })], [8, 8, 1]));
    expect(analysis.problems).toHaveLength(1);
    expect(analysis.problems[0]?.layerIndex).toBe(0);
  });
});

describe('the network must fit its dataset', () => {
  const shapes: DatasetDescription = { ...MNIST, id: 'shapes', name: 'Shapes', inputShape: [32, 32, 3], classNames: ['circle', 'square', 'triangle'], classNoun: 'shape', source: { kind: 'user' } };
  const mnistNet = () => net([...flat(), layer('dense', { units: 10, activation: 'softmax' })]);

  it('counts the classes of the dataset the spec names, in its own words', () => {
    const spec = withDataset(mnistNet(), FASHION_MNIST);
    expect(analyzeNetwork(spec, FASHION_MNIST).problems).toEqual([]);
    const three = { ...mnistNet(), dataset: 'shapes' };
    const [problem] = analyzeNetwork(three, shapes).problems.filter((p) => p.field !== 'inputShape');
    expect(problem?.message).toBe('The network must end with 3 class probabilities, one per shape, but Layer 3 (Dense) gives 10. Set its units to 3.');
    expect(problem?.fix).toEqual({ type: 'setParam', layerIndex: 2, field: 'units', value: 3, label: 'Set the last Dense layer to 3 units' });
  });

  it('asks for the dataset’s image size, with a fix that sets it', () => {
    const spec = { ...mnistNet(), dataset: 'shapes' };
    const problem = analyzeNetwork(spec, shapes).problems.find((p) => p.field === 'inputShape');
    expect(problem).toEqual({
      severity: 'error',
      layerIndex: null,
      field: 'inputShape',
      message: "The network takes 28 × 28 × 1 inputs, but Shapes's images are 32 × 32 × 3. Set the input to 32 × 32 × 3.",
      fix: { type: 'setInputShape', shape: [32, 32, 3], label: 'Use 32 × 32 × 3 inputs' },
    });
    const fixed = applyQuickFix(spec, problem!.fix!);
    expect(fixed.inputShape).toEqual([32, 32, 3]);
    expect(analyzeNetwork(fixed, shapes).problems.some((p) => p.field === 'inputShape')).toBe(false);
  });

  it('says which dataset a network needs when the page lacks it', () => {
    const spec = { ...mnistNet(), dataset: 'cifar-10' };
    expect(analyzeNetwork(spec, null).problems).toEqual([
      {
        severity: 'error',
        layerIndex: null,
        field: 'dataset',
        message: 'This network was made for the dataset "cifar-10", which this page does not have. Choose a dataset for it in Dataset; its layers stay as they are.',
      },
    ]);
    // Without a dataset to fit, the network is judged on its own: ten classes.
    expect(analyzeNetwork(spec).valid).toBe(true);
  });

  it('the classifier a fix appends has one unit per class', () => {
    const spec = { ...net([layer('conv2d')], [32, 32, 3]), dataset: 'shapes' };
    const problem = analyzeNetwork(spec, shapes).problems.find((p) => p.fix?.type === 'appendClassifier');
    expect(problem?.fix).toEqual({ type: 'appendClassifier', classes: 3, label: 'Add Flatten + Dense(3) + softmax' });
    expect(analyzeNetwork(applyQuickFix(spec, problem!.fix!, (kind) => `new-${kind}`), shapes).problems).toEqual([]);
  });
});
