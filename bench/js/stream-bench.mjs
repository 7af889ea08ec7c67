// The streaming benchmark: starts the self-host (Release build, separate process) and the benchmark model server,
// then for every scenario drives N concurrent runs through @microsoft/signalr or SSE while N clients read the model
// server directly (the baseline, in the same process and the same seconds), and prints one table row per scenario.
//
//   cd bench/js && npm ci && node stream-bench.mjs [--streams 1,100,500,1000] [--transports signalr,sse]
//        [--coalesce 0,60] [--hold 8] [--out results.json]
// Needs: dotnet build src/SelfHost -c Release.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { cpuSeconds, memoryMiB, stopProcess } from "./lib/proc.mjs";
import { REPO, startHost, startModelServer } from "./lib/hosts.mjs";
import { connectHub, directStream, signalrRun, sseRun } from "./lib/clients.mjs";
import { summarise, markdownTable } from "./lib/report.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const arg = (name, fallback) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : fallback);
const list = (name, fallback) => arg(name, fallback).split(",").filter(Boolean);

const STREAMS = list("streams", "1,100,500,1000").map(Number);
const TRANSPORTS = list("transports", "signalr,sse");
const COALESCE = list("coalesce", "0,60").map(Number);
const HOLD_S = Number(arg("hold", "8")); // seconds every stream keeps streaming after the last one started
const RAMP_MS_PER_STREAM = Number(arg("ramp", "10")); // starts are spread: stream i starts at i × this
const OUT = arg("out", join(HERE, "results.json"));
const MODEL_PORT = Number(arg("model-port", "5301"));
const HOST_PORT = Number(arg("host-port", "5302"));
const WORK = arg("work", "/tmp/stream-bench");
const MODEL = `http://127.0.0.1:${MODEL_PORT}`;
const HOST = `http://127.0.0.1:${HOST_PORT}`;
const children = new Set();
const PORTFOLIO = JSON.stringify({ ...JSON.parse(readFileSync(join(REPO, "data/portfolios/example.json"), "utf8")), persona: "analyst" });

/** Tokens per second per stream: the brief's 50 up to 500 streams, 20 at 1,000. */
const rateFor = (n) => (n > 500 ? 20 : 50);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const post = (url, body) => fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body ?? {}) });

/** Runs `count` jobs with at most `width` at once. */
async function pooled(count, width, job) {
  const results = new Array(count);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, count) }, async () => {
    while (next < count) {
      const i = next++;
      results[i] = await job(i);
    }
  }));
  return results;
}

/** A few short runs through every path, so JIT and connection pools are warm before anything is measured. */
async function warmUp(transport) {
  await post(`${MODEL}/config`, { tokens: 20, tokensPerSecond: 200 });
  for (let i = 0; i < 3; i++) {
    const user = `warm-${i}`;
    if (transport === "signalr") {
      const hub = await connectHub(HOST, user);
      await signalrRun(hub, HOST, user, PORTFOLIO, 60_000);
      await hub.connection.stop();
    } else {
      await sseRun(HOST, user, PORTFOLIO, 60_000);
    }
    await directStream(MODEL, 60_000);
  }
}

async function runScenario(transport, coalesce, n) {
  const name = `${transport}-c${coalesce}-n${n}`;
  const rate = rateFor(n);
  const rampMs = RAMP_MS_PER_STREAM * n;
  const tokens = Math.round(rate * (rampMs / 1000 + HOLD_S));
  const timeoutMs = rampMs + (tokens / rate) * 1000 + 120_000;
  process.stderr.write(`${name}: ${n} streams × ${tokens} tokens at ${rate}/s\n`);
  const host = await startHost({ hostUrl: HOST, modelUrl: MODEL, coalesce, dir: join(WORK, name) });
  const pid = host.pid;
  children.add(host);
  try {
    await warmUp(transport);
    await sleep(1000);
    const memBase = memoryMiB(pid).rss;
    const users = Array.from({ length: n }, (_, i) => `bench-${name}-${i}`);
    const hubs = transport === "signalr" ? await pooled(n, 50, (i) => connectHub(HOST, users[i])) : [];
    await sleep(2000);
    const memIdle = memoryMiB(pid).rss;

    await post(`${MODEL}/config`, { tokens, tokensPerSecond: rate });
    await post(`${MODEL}/reset`);
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    let memPeak = 0;
    const sampler = setInterval(() => { memPeak = Math.max(memPeak, memoryMiB(pid).rss); }, 250);
    const cpu0 = cpuSeconds(pid);
    const t0 = Date.now();
    const delayed = (i, job) => sleep(Math.max(0, t0 + (i * rampMs) / n - Date.now())).then(job);
    const baseline = Promise.allSettled(users.map((_, i) => delayed(i, () => directStream(MODEL, timeoutMs))));
    const system = Promise.allSettled(users.map((user, i) => delayed(i, () => (transport === "signalr"
      ? signalrRun(hubs[i], HOST, user, PORTFOLIO, timeoutMs)
      : sseRun(HOST, user, PORTFOLIO, timeoutMs)))));
    const [direct, runs] = await Promise.all([baseline, system]);
    const cpu = cpuSeconds(pid) - cpu0;
    const wall = (Date.now() - t0) / 1000;
    clearInterval(sampler);
    loop.disable();
    const mem = memoryMiB(pid);
    const emits = await (await fetch(`${MODEL}/emits`)).json();
    await Promise.all(hubs.map((h) => h.connection.stop()));
    return summarise({
      name, transport, coalesce, n, rate, tokens, wall, cpu, emits, direct, runs,
      memory: { baseMiB: memBase, idleMiB: memIdle, peakRssMiB: Math.max(memPeak, mem.rss), hwmMiB: mem.hwm },
      clientLoopP99Ms: loop.percentile(99) / 1e6,
      loadAverage: readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" "),
    });
  } finally {
    await stopProcess(host);
    children.delete(host);
  }
}

const model = await startModelServer(MODEL_PORT, WORK);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => { model.kill("SIGTERM"); for (const c of children) c.kill("SIGTERM"); process.exit(130); });
const rows = [];
try {
  for (const transport of TRANSPORTS) {
    for (const coalesce of COALESCE) {
      for (const n of STREAMS) {
        const row = await runScenario(transport, coalesce, n);
        rows.push(row);
        process.stderr.write(`${JSON.stringify(row)}\n`);
        writeFileSync(OUT, JSON.stringify(rows, null, 2));
      }
    }
  }
} finally {
  await stopProcess(model);
}
process.stdout.write(`${markdownTable(rows)}\n`);
