/** What the analysis reports: problems in plain words, each with an optional one-click fix. */
import type { LayerKind, Shape3D } from '../spec/spec';

/** A one-click repair the UI can offer; `applyQuickFix` carries it out. */
export type QuickFix =
  | { type: 'insertLayer'; /** index to insert at */ at: number; kind: LayerKind; /** e.g. 'Insert Flatten here' */ label: string }
  /** Append what the network still needs to end in class probabilities (a Flatten if needed, then Dense(classes) + softmax). */
  | { type: 'appendClassifier'; classes: number; label: string }
  /** Make the input the dataset's image size. */
  | { type: 'setInputShape'; shape: Shape3D; label: string }
  | { type: 'setParam'; layerIndex: number; field: string; value: unknown; label: string };

export interface Problem {
  severity: 'error' | 'warning';
  /** 0-based; null = the whole network. */
  layerIndex: number | null;
  /** The setting at fault, e.g. 'filters' or 'kernelSize'. */
  field?: string;
  message: string;
  fix?: QuickFix;
}

/** "Layer 4 (Conv2D)": 1-based, as a student counts. */
export function layerName(index: number, label: string): string {
  return `Layer ${index + 1} (${label})`;
}

/** Lower-cases the first letter so a label can continue a sentence: 'Kernel size' -> 'kernel size'. */
export function inSentence(label: string): string {
  return label.charAt(0).toLowerCase() + label.slice(1);
}
