import * as tf from '@tensorflow/tfjs';
import type { OptimizerName } from '../core/training';


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
