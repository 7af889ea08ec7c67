// Turns one scenario's raw observations into its figures, and rows into the Markdown table of docs/performance.md.
import { quantile, sortedCopy } from "./stats.mjs";

const round = (x, digits = 1) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);

/** Latency, loss and counts of one group of streams (the runs, or the direct baseline) against the model's emit times. */
function measure(results, requests) {
  const latencies = [];
  const firsts = [];
  let lost = 0;
  let duplicated = 0;
  let received = 0;
  let messages = 0;
  let failed = 0;
  let contentMismatch = 0;
  let firstReceive = Infinity;
  let lastReceive = -Infinity;
  for (const settled of results) {
    if (settled.status !== "fulfilled") {
      failed++;
      continue;
    }
    const value = settled.value;
    const log = value.log ?? value;
    const emitted = requests[log.request];
    if (!emitted) {
      failed++;
      continue;
    }
    if (value.terminal && value.terminal !== "run_completed") failed++;
    if (value.final !== undefined && value.final !== null && value.final !== log.text) contentMismatch++;
    messages += log.messages;
    duplicated += log.duplicates + log.otherRequests;
    lost += Math.max(0, emitted.emits.length - log.received.size);
    for (const [k, at] of log.received) {
      const emit = emitted.emits[k];
      if (emit === undefined) {
        duplicated++;
        continue;
      }
      latencies.push(at - emit);
      firstReceive = Math.min(firstReceive, at);
      lastReceive = Math.max(lastReceive, at);
      received++;
    }
    if (log.received.has(0)) firsts.push(log.received.get(0) - emitted.emits[0]);
  }
  const sorted = sortedCopy(latencies);
  const firstSorted = sortedCopy(firsts);
  return {
    streams: results.length,
    failed,
    received,
    lost,
    duplicated,
    contentMismatch,
    tokenMessages: messages,
    messagesPerToken: received ? messages / received : NaN,
    tokensPerSecond: received / ((lastReceive - firstReceive) / 1000),
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    max: quantile(sorted, 1),
    ttftP50: quantile(firstSorted, 0.5),
    ttftP99: quantile(firstSorted, 0.99),
  };
}

/** The most streams the model server was answering for the runs at any one time. */
function peakConcurrency(results, requests) {
  const edges = [];
  for (const s of results) {
    const log = s.status === "fulfilled" ? (s.value.log ?? s.value) : null;
    const e = log ? requests[log.request]?.emits : null;
    if (e?.length) edges.push([e[0], 1], [e[e.length - 1], -1]);
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let peak = 0;
  for (const [, d] of edges) peak = Math.max(peak, (now += d));
  return peak;
}

/** Tokens the run clients received between `fromMs` and `toMs` (unix ms). */
function receivedBetween(results, fromMs, toMs) {
  let count = 0;
  for (const settled of results) {
    const log = settled.status === "fulfilled" ? (settled.value.log ?? settled.value) : null;
    for (const at of log?.received.values() ?? []) count += at >= fromMs && at < toMs ? 1 : 0;
  }
  return count;
}

export function summarise({ name, transport, coalesce, n, rate, tokens, wall, cpu, emits, direct, runs, memory, clientLoopP99Ms, loadAverage, window = null }) {
  const requests = emits.requests;
  const system = measure(runs, requests);
  const baseline = measure(direct, requests);
  const late = sortedCopy(Object.values(requests).flatMap((r) => r.late));
  const firstError = runs.find((r) => r.status === "rejected")?.reason?.message ?? null;
  return {
    name, transport, coalesce, streams: n, tokensPerSecondPerStream: rate, tokensPerStream: tokens,
    concurrentPeak: peakConcurrency(runs, requests),
    wallSeconds: round(wall), hostCpuSeconds: round(cpu, 2), hostCpuPerToken_us: round((cpu / Math.max(1, system.received)) * 1e6, 0),
    memory: Object.fromEntries(Object.entries(memory).map(([k, v]) => [k, round(v)])),
    idleMiBPerStream: n > 0 ? round((memory.idleMiB - memory.baseMiB) / n, 3) : null,
    activeMiBPerStream: n > 0 ? round((memory.peakRssMiB - memory.idleMiB) / n, 3) : null,
    modelLateP99Ms: round(quantile(late, 0.99), 2),
    clientLoopP99Ms: round(clientLoopP99Ms, 1),
    system: Object.fromEntries(Object.entries(system).map(([k, v]) => [k, round(v, 2)])),
    baseline: Object.fromEntries(Object.entries(baseline).map(([k, v]) => [k, round(v, 2)])),
    addedP99Ms: round(system.p99 - baseline.p99, 2),
    ttftAddedP50Ms: round(system.ttftP50 - baseline.ttftP50, 2),
    steady: window ? steadyFigures(window, receivedBetween(runs, window.fromMs, window.toMs)) : null,
    loadAverage,
    firstError,
  };
}

function steadyFigures(window, tokens) {
  return { seconds: round((window.toMs - window.fromMs) / 1000), cpuSeconds: round(window.cpu, 2), tokens, cpuPerToken_us: round((window.cpu / Math.max(1, tokens)) * 1e6, 1) };
}

export function markdownTable(rows) {
  const head = [
    "transport", "coalesce ms", "streams", "tok/s/stream", "TTFT added p50 / p99 ms",
    "latency p50 / p95 / p99 ms", "direct p50 / p95 / p99 ms", "p99 − direct p99 ms", "tokens/s delivered (direct)",
    "msgs/token", "host CPU s (µs/token)", "host peak RSS MiB", "lost / dup",
  ];
  const line = (cells) => `| ${cells.join(" | ")} |`;
  const out = [line(head), line(head.map(() => "---"))];
  for (const r of rows) {
    const s = r.system;
    const b = r.baseline;
    out.push(line([
      `${r.transport}${r.round ? ` (${r.round})` : ""}`, r.coalesce, `${r.streams} (${r.concurrentPeak})`, r.tokensPerSecondPerStream,
      `${s.ttftP50} / ${s.ttftP99}`,
      `${s.p50} / ${s.p95} / ${s.p99}`, `${b.p50} / ${b.p95} / ${b.p99}`, r.addedP99Ms,
      `${Math.round(s.tokensPerSecond)} (${Math.round(b.tokensPerSecond)})`, s.messagesPerToken,
      `${r.hostCpuSeconds} (${r.hostCpuPerToken_us})`, r.memory.hwmMiB,
      `${s.lost} / ${s.duplicated}${s.failed ? ` (${s.failed} failed)` : ""}`,
    ]));
  }
  return out.join("\n");
}

/** The median of each figure over rounds of one scenario (lost, duplicated and failed are summed, not medianed). */
export function medianRow(rows) {
  const median = (xs) => {
    const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
    return v.length ? (v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2) : null;
  };
  const merge = (objects) => Object.fromEntries(Object.keys(objects[0]).map((k) => {
    const vs = objects.map((o) => o[k]);
    if (["lost", "duplicated", "failed", "contentMismatch"].includes(k)) return [k, vs.reduce((a, b) => a + b, 0)];
    if (typeof vs[0] === "number") return [k, median(vs)];
    if (vs[0] && typeof vs[0] === "object") return [k, merge(vs)];
    return [k, k === "loadAverage" ? vs.join("; ") : vs[0]];
  }));
  const m = merge(rows);
  return { ...m, name: rows[0].name.replace(/-r\d+$/, "-median"), round: `median of ${rows.length}` };
}
