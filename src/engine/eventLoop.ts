/**
 * Queued messages (pause, stop, predict) get a turn at least this often. A MessageChannel round
 * trip costs microseconds, unlike setTimeout's clamped 4 ms, so yielding often is nearly free.
 */
export const YIELD_INTERVAL_MS = 25;

const yieldChannel = new MessageChannel();
const yieldQueue: (() => void)[] = [];
yieldChannel.port1.onmessage = () => yieldQueue.shift()?.();

/** Lets queued messages and events run, then continues. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    yieldQueue.push(resolve);
    yieldChannel.port2.postMessage(null);
  });
}
