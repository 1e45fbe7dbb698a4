/**
 * Text summaries of a network for students who go on to Keras or PyTorch: the table Keras'
 * `model.summary()` prints, and what PyTorch's `print(model)` shows for the same network.
 */
export { kerasSummary } from './kerasSummary';
export { pytorchSummary } from './pytorchSummary';
