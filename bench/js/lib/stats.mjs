// Percentiles and the per-stream token bookkeeping shared by every transport.
import { performance } from "node:perf_hooks";

/** Wall-clock time in unix milliseconds with sub-millisecond resolution (the model server stamps the same way). */
export const nowMs = () => performance.timeOrigin + performance.now();

/** The p-quantile (0..1) of `values` by nearest rank; NaN when empty. */
export function quantile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank];
}

export function sortedCopy(values) {
  return Float64Array.from(values).sort();
}

const TOKEN = /r(\d+)k(\d+)/g;

/**
 * One stream's received tokens: the model request they came from and, per token index, when it arrived.
 * A token that arrives twice or from a second model request is counted, never hidden.
 */
export class TokenLog {
  constructor() {
    this.request = null;
    this.otherRequests = 0;
    this.received = new Map(); // k -> receive time
    this.duplicates = 0;
    this.messages = 0; // token frames (SignalR messages / SSE events / model chunks) that carried tokens
    this.outOfOrder = 0;
    this.lastK = -1;
    this.text = "";
  }

  /** Records a frame's text received at `at`. */
  add(text, at) {
    this.messages++;
    this.text += text;
    for (const [, r, k] of text.matchAll(TOKEN)) {
      const request = Number(r);
      const index = Number(k);
      if (this.request === null) this.request = request;
      if (request !== this.request) {
        this.otherRequests++;
        continue;
      }
      if (this.received.has(index)) {
        this.duplicates++;
        continue;
      }
      if (index < this.lastK) this.outOfOrder++;
      this.lastK = index;
      this.received.set(index, at);
    }
  }
}
