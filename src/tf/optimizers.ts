import * as tf from '@tensorflow/tfjs';
import type { OptimizerName } from '../core/training/training';


/** Momentum for 'SGD with momentum': the customary 0.9. */
const MOMENTUM = 0.9;

export function createOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  switch (name) {
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'momentum': {
      const optimizer = tf.train.momentum(learningRate, MOMENTUM);
      // tfjs 4.22's MomentumOptimizer.dispose leaves its learning-rate scalar behind: one tensor per run.
      const dispose = optimizer.dispose.bind(optimizer);
      optimizer.dispose = () => {
        dispose();
        (optimizer as unknown as { c?: tf.Tensor }).c?.dispose();
      };
      return optimizer;
    }
    case 'adam':
      return tf.train.adam(learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate);
  }
}

/**
 * Sets the rate the optimizer's next step uses (a schedule changes it before every batch). SGD and
 * momentum keep it as a kept scalar that setLearningRate replaces; Adam and RMSProp read the number.
 */
export function setLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  // Not `instanceof tf.SGDOptimizer`: tfjs's optimizers answer instanceof by duck typing, and Adam passes.
  const o = optimizer as unknown as { learningRate: number; setLearningRate?: (rate: number) => void };
  if (typeof o.setLearningRate === 'function') o.setLearningRate(learningRate);
  else o.learningRate = learningRate;
}
