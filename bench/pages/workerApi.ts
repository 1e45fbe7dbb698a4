/** What the bench workers expose through comlink: the window API plus where MNIST is served. */
import type { BareApi, ConvnetApi } from './protocol';

export interface DataSource {
  /** Absolute URL of the prepared MNIST assets (a worker resolves relative URLs against its script). */
  setDataUrl(url: string): void;
}

export type BareWorkerApi = BareApi & DataSource;
export type ConvnetWorkerApi = ConvnetApi & DataSource;
