import type { StateCreator } from 'zustand';
import type { InspectionSnapshot } from '../engine/protocol';
import type { ScaleMode as ColorScaleMode } from '../render/featureMapLayout';
import type { AppState } from './appStore';

export { SCALE_MODES as COLOR_SCALE_MODES, type ScaleMode as ColorScaleMode } from '../render/featureMapLayout';
export const COLOR_SCALE_LABELS: Record<ColorScaleMode, string> = {
  channel: 'Per feature map',
  layer: 'Per layer',
  network: 'Whole network',
};

/** Inside-view refreshes per second while training; 0 is off. */
export const REFRESH_RATES = [0, 1, 4, 10] as const;
export const DEFAULT_REFRESH_RATE = 4;

/**
 * Where the probe image comes from: a test image, or the user's drawing (prepared to 28x28; no
 * label). `lastTestIndex` keeps the place among the test images for Previous and Next.
 */
export type ProbeChoice = { kind: 'test'; index: number } | { kind: 'pixels'; pixels: Float32Array; label: null; lastTestIndex: number };

/** The probe for a test set of `count` images: an index past its end (another dataset's) starts over at the first. */
export function probeWithin(probe: ProbeChoice, count: number): ProbeChoice {
  if (probe.kind === 'test') return probe.index < count ? probe : { kind: 'test', index: 0 };
  return probe.lastTestIndex < count ? probe : { ...probe, lastTestIndex: 0 };
}

/** What the inside view shows: every layer's maps, the selected layer's weights, one layer's window sliding over its input, or why the network answers what it does. */
export type InsideTab = 'maps' | 'filters' | 'convolution' | 'why';

/** An output cell of the selected layer the animation should jump to (a click on a feature map). */
export interface AnimationTarget {
  row: number;
  col: number;
  /** Changes with every request, so asking for the same cell again still moves the animation there. */
  serial: number;
}

/** The latest snapshot and the layer ids it was computed for, to pair its layers with the spec's. */
export interface InspectionView {
  snapshot: InspectionSnapshot;
  layerIds: readonly string[];
}

export interface InspectionSlice {
  probe: ProbeChoice;
  /** The test set's labels, once MNIST is ready: "Show a 7" searches them. */
  testLabels: Uint8Array | null;
  colorScaleMode: ColorScaleMode;
  refreshPerSecond: number;
  frozen: boolean;
  /** The channel (or unit) of the selected layer looked at closely; null for none. */
  selectedChannel: number | null;
  /** Whether the inside view is on screen: nothing is computed for a view nobody sees. */
  insideVisible: boolean;
  insideTab: InsideTab;
  animationTarget: AnimationTarget | null;
  /**
   * The latest inside-view data, a few times a second while training. Renderers subscribe to it
   * outside React; components must not select it.
   */
  inspection: InspectionView | null;
  /** Why the inside view shows nothing (an invalid network, an engine error); null when fine. */
  inspectionProblem: string | null;
  setProbe(probe: ProbeChoice): void;
  setTestLabels(labels: Uint8Array | null): void;
  setColorScaleMode(mode: ColorScaleMode): void;
  setRefreshRate(perSecond: number): void;
  setFrozen(frozen: boolean): void;
  /** Selects a layer and one of its channels, as a click on a feature map does. */
  selectChannel(layerId: string, channel: number | null): void;
  setInsideVisible(visible: boolean): void;
  setInsideTab(tab: InsideTab): void;
  /** Opens the convolution animation on one output cell of a layer's channel. */
  animateCell(layerId: string, channel: number, row: number, col: number): void;
  /**
   * The animation has opened on target `serial`: it is cleared, so opening the tab again, or another
   * layer, starts where the animation starts by itself rather than on an old click.
   */
  consumeAnimationTarget(serial: number): void;
  setInspection(view: InspectionView | null, problem?: string | null): void;
}

export const createInspectionSlice: StateCreator<AppState, [], [], InspectionSlice> = (set, get) => ({
  probe: { kind: 'test', index: 0 },
  testLabels: null,
  colorScaleMode: 'layer',
  refreshPerSecond: DEFAULT_REFRESH_RATE,
  frozen: false,
  selectedChannel: null,
  insideVisible: true,
  insideTab: 'maps',
  animationTarget: null,
  inspection: null,
  inspectionProblem: null,
  setProbe: (probe) => set({ probe }),
  setTestLabels: (testLabels) => set((s) => ({ testLabels, probe: testLabels ? probeWithin(s.probe, testLabels.length) : s.probe })),
  setColorScaleMode: (colorScaleMode) => set({ colorScaleMode }),
  setRefreshRate: (refreshPerSecond) => set({ refreshPerSecond }),
  setFrozen: (frozen) => set({ frozen }),
  selectChannel: (layerId, channel) => {
    if (get().selectedLayerId !== layerId) get().selectLayer(layerId);
    set({ selectedChannel: channel });
  },
  setInsideVisible: (insideVisible) => set({ insideVisible }),
  setInsideTab: (insideTab) => set({ insideTab }),
  animateCell: (layerId, channel, row, col) => {
    get().selectChannel(layerId, channel);
    set((s) => ({ insideTab: 'convolution', animationTarget: { row, col, serial: (s.animationTarget?.serial ?? 0) + 1 } }));
  },
  consumeAnimationTarget: (serial) => {
    if (get().animationTarget?.serial === serial) set({ animationTarget: null });
  },
  setInspection: (inspection, problem = null) => set({ inspection, inspectionProblem: problem }),
});
