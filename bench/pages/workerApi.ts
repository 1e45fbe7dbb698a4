/** What the bench workers expose through comlink: the window API plus where MNIST is served. */
import type { BareApi, ConvnetApi, ConvnetDemoApi } from './protocol';

export interface DataSource {
  /** Absolute URL of the prepared MNIST assets (a worker resolves relative URLs against its script). */
  setDataUrl(url: string): void;
}

export type BareWorkerApi = BareApi & DataSource;
/** The ConvNetJS worker runs figure 2's timing and figure 15's demo (its methods prefixed `demo`). */
export type ConvnetWorkerApi = ConvnetApi &
  DataSource & {
    demoOpen: ConvnetDemoApi['open'];
    demoTrainUntil: ConvnetDemoApi['trainUntil'];
    demoTest: ConvnetDemoApi['test'];
  };
