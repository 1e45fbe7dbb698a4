export { registerConvGradients } from './registerConvGradients';
export { conv2dFilterGrad, conv2dInputGrad } from './conv2dGrads';
export { depthwiseFilterGrad, depthwiseInputGrad } from './depthwiseGrads';
export { readConvParams, type ConvParams } from './convParams';
