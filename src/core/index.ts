/** The public API of the pure network core. */
export * from './spec/spec';
export { convOutputSize, effectiveKernelSize, PADDING_MODES, samePadding } from './math/convMath';
export type { PaddingMode, Pads } from './math/convMath';
export {
  PARAM_RANGES,
  DROPOUT_RATE_RANGE,
  INPUT_SHAPE_RANGE,
  type IntegerRange,
  type ParamDescriptor,
} from './spec/paramRanges';
export type { AcceptedInput, LayerDefinition, LayerSettings, ParamCount, ShapeResult, ShapeError } from './layers/definition';
export { LAYER_REGISTRY, LAYER_KINDS, isLayerKind, getLayerDefinition, createLayer, newLayerId } from './spec/registry';
export { analyzeNetwork, validate, PARAM_WARNING_THRESHOLD } from './analysis/analyze';
export type { LayerAnalysis, NetworkAnalysis } from './analysis/analysisTypes';
export type { Problem, QuickFix } from './analysis/problems';
export { receptiveField, receptiveFieldCentres, receptiveFieldSizes, type CellBox, type CellCentres, type ReceptiveField, type ReceptiveFieldSize } from './math/receptiveField';
export { slidingWindowOf, type SlidingWindow, type WindowKind } from './math/slidingWindow';
export {
  featureMap,
  valueAt,
  paddedSource,
  padMap,
  windowOutputSize,
  outputSizeFormula,
  conv2dReference,
  depthwiseConv2dReference,
  separableConv2dReference,
  POINTWISE_GEOMETRY,
  convWindowAt,
  depthwiseWindowAt,
  pool2dReference,
  poolWindowAt,
  LEAKY_RELU_SLOPE,
  ELU_ALPHA,
  isCellwiseActivation,
  activate,
  softmaxChannels,
  activateChannels,
  activateMap,
  type FeatureMap,
  type ConvKernel,
  type ConvGeometry,
  type PoolGeometry,
  type PoolType,
  type OutChannelOption,
  type OutputSizeWorking,
  type ConvTap,
  type ConvWindow,
  type PoolTap,
  type PoolWindow,
  type CellwiseActivation,
} from './math/convolution';
export * from './dataset';
export { applyQuickFix } from './editing/applyFix';
export { PRESETS, DEFAULT_PRESET_ID, getPreset, presetSuits, type Preset } from './editing/presets';
export { LAYER_BLOCKS, createBlockLayers, type LayerBlock } from './editing/blocks';
export { insertLayers, insertLayer, appendLayer, removeLayer, moveLayer, duplicateLayer, updateLayer, setInputShape } from './editing/edit';
export { editLabel } from './editing/editLabels';
export {
  createHistory,
  pushHistory,
  undo,
  redo,
  undoLabel,
  redoLabel,
  DEFAULT_HISTORY_LIMIT,
  type History,
  type HistoryEntry,
  type PushOptions,
} from './editing/history';
export { kerasSummary, pytorchSummary } from './summaries/summary';
export { specToJson, parseSpec, readSpec, type ParseResult } from './spec/serialize';
export { formatShape, formatShapeInWords, formatCount, formatCompactCount } from './spec/format';
