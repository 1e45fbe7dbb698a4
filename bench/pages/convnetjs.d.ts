/** The part of ConvNetJS 0.3 (npm `convnetjs`, no types of its own) that the benchmark uses. */
declare module 'convnetjs' {
  /** A 3-d volume of numbers, [sx, sy, depth], indexed as w[((sx * y) + x) * depth + d]. */
  export class Vol {
    constructor(sx: number, sy: number, depth: number, fill?: number);
    sx: number;
    sy: number;
    depth: number;
    w: Float64Array;
    dw: Float64Array;
  }

  export type LayerDefinition =
    | { type: 'input'; out_sx: number; out_sy: number; out_depth: number }
    | { type: 'conv'; sx: number; filters: number; stride: number; pad: number; activation?: 'relu' | 'sigmoid' | 'tanh' }
    | { type: 'pool'; sx: number; stride: number; pad?: number }
    | { type: 'fc'; num_neurons: number; activation?: 'relu' | 'sigmoid' | 'tanh' }
    | { type: 'softmax'; num_classes: number };

  /** A built layer: its kind ('input', 'conv', 'relu', 'pool', 'fc', 'softmax', ...) and output size. */
  export interface Layer {
    layer_type: string;
    out_sx: number;
    out_sy: number;
    out_depth: number;
  }

  export class Net {
    layers: Layer[];
    makeLayers(definitions: LayerDefinition[]): void;
    forward(input: Vol, isTraining?: boolean): Vol;
    /** Every weight and bias array of every layer. */
    getParamsAndGrads(): { params: Float64Array; grads: Float64Array }[];
  }

  export interface TrainerOptions {
    method?: 'sgd' | 'adagrad' | 'adadelta' | 'windowgrad' | 'nesterov';
    batch_size?: number;
    learning_rate?: number;
    l2_decay?: number;
    momentum?: number;
  }

  export interface TrainStats {
    fwd_time: number;
    bwd_time: number;
    cost_loss: number;
    softmax_loss: number;
    loss: number;
  }

  export class Trainer {
    constructor(net: Net, options?: TrainerOptions);
    /** Forward and backward on one example; updates the weights every batch_size calls. */
    train(input: Vol, label: number): TrainStats;
  }
}
