// The streaming benchmark: starts the self-host (Release build, separate process) and the benchmark model server,
// then for every scenario drives N concurrent runs through @microsoft/signalr or SSE while N clients read the model
// server directly (the baseline, in the same process and the same seconds), and prints one table row per scenario.
//
//   cd bench/js && npm ci && node stream-bench.mjs [--streams 1,100,500,1000] [--transports signalr,sse,peer]
//        [--coalesce 0,60] [--hold 8] [--ramp 10] [--tokens N] [--rounds 3] [--warm 20] [--warm-passes 2]
//        [--host-cpus 1] [--load-cpus 0] [--tokens-per-write 1] [--out results.json]
// "peer" runs the same streams through a Vercel AI SDK server (peer/vercel-ai-sdk-server.mjs) instead of the self-host.
// Each scenario starts a fresh self-host, warms it up with --warm concurrent runs, then measures --rounds rounds on it
// and adds a row of their medians ("median of R"). --host-cpus/--load-cpus pin the self-host, and the model server with
// this process (the clients), to their own cores with taskset.
// Needs: dotnet build src/SelfHost -c Release.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { cpuSeconds, memoryMiB, stopProcess } from "./lib/proc.mjs";
import { REPO, startHost, startModelServer, startPeer } from "./lib/hosts.mjs";
import { connectHub, directStream, peerRun, signalrRun, sseRun } from "./lib/clients.mjs";
import { summarise, markdownTable, medianRow } from "./lib/report.mjs";
import { execFileSync } from "node:child_process";

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
const ROUNDS = Number(arg("rounds", "1"));
const WARM = Number(arg("warm", "20")); // concurrent warm-up runs, so the rounds measure JIT-compiled, tiered-up code
// Warm-up passes of WARM runs each: tiering up (with dynamic PGO) takes many runs, and a few passes measure a cold host.
const WARM_PASSES = Number(arg("warm-passes", "2"));
const TOKENS = arg("tokens", null); // tokens per reply; default rate × (ramp + hold)
const HOST_CPUS = arg("host-cpus", null);
// Tokens the model server sends in one write (default 1, as OpenAI streams): >1 tells a socket wake-up's cost from a token's.
const TOKENS_PER_WRITE = Number(arg("tokens-per-write", "1"));
const SLACK_S = Number(arg("timeout", "120")); // seconds a run may take beyond its reply's length before it counts as failed
// "a,b": also measure the host's CPU from a to b seconds after the round's start, against the tokens clients received in
// those seconds: the cost of streaming alone, without the runs' starts, analyses and ends.
const WINDOW = arg("window", null)?.split(",").map(Number) ?? null;
const LOAD_CPUS = arg("load-cpus", null);
const MODEL = `http://127.0.0.1:${MODEL_PORT}`;
const HOST = `http://127.0.0.1:${HOST_PORT}`;
const PEER = `http://127.0.0.1:${HOST_PORT + 1}`;
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

/** `WARM` concurrent runs of 100 tokens through every path, so JIT and tiering are done before anything is measured. */
async function warmUp(transport) {
  await post(`${MODEL}/config`, { tokens: 100, tokensPerSecond: 100 });
  for (let pass = 0; pass < WARM_PASSES; pass++) {
    await Promise.all(Array.from({ length: Math.max(1, WARM) }, async (_, i) => {
      const user = `warm-${pass}-${i}`;
      if (transport === "signalr") {
        const hub = await connectHub(HOST, user);
        await signalrRun(hub, HOST, user, PORTFOLIO, 120_000);
        await hub.connection.stop();
      } else if (transport === "peer") {
        await peerRun(PEER, 120_000);
      } else {
        await sseRun(HOST, user, PORTFOLIO, 120_000);
      }
      await directStream(MODEL, 120_000);
    }));
  }
}

async function runScenario(transport, coalesce, n) {
  const name = `${transport}-c${coalesce}-n${n}`;
  process.stderr.write(`${name}: ${n} streams, ${ROUNDS} round(s)\n`);
  const host = transport === "peer"
    ? await startPeer({ peerUrl: PEER, modelUrl: MODEL, dir: join(WORK, name), cpus: HOST_CPUS })
    : await startHost({ hostUrl: HOST, modelUrl: MODEL, coalesce, dir: join(WORK, name), cpus: HOST_CPUS });
  children.add(host);
  try {
    await warmUp(transport);
    await sleep(1000);
    const rows = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const row = await measureRound(host.pid, `${name}-r${round}`, transport, coalesce, n);
      process.stderr.write(`${JSON.stringify(row)}\n`);
      rows.push({ ...row, round });
    }
    return ROUNDS > 1 ? [...rows, medianRow(rows)] : rows;
  } finally {
    await stopProcess(host);
    children.delete(host);
  }
}

async function measureRound(pid, name, transport, coalesce, n) {
  const rate = rateFor(n);
  const rampMs = RAMP_MS_PER_STREAM * n;
  const tokens = TOKENS ? Number(TOKENS) : Math.round(rate * (rampMs / 1000 + HOLD_S));
  const timeoutMs = rampMs + (tokens / rate) * 1000 + SLACK_S * 1000;
  const memBase = memoryMiB(pid).rss;
  const users = Array.from({ length: n }, (_, i) => `bench-${name}-${i}`);
  const hubs = transport === "signalr" ? await pooled(n, 50, (i) => connectHub(HOST, users[i])) : [];
  await sleep(2000);
  const memIdle = memoryMiB(pid).rss;

  await post(`${MODEL}/config`, { tokens, tokensPerSecond: rate, tokensPerWrite: TOKENS_PER_WRITE });
  await post(`${MODEL}/reset`);
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  let memPeak = 0;
  const sampler = setInterval(() => { memPeak = Math.max(memPeak, memoryMiB(pid).rss); }, 250);
  const loadAverage = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  // bench/profile/profile-host.sh starts sampling on this line, so it samples a measured round, never the warm-up.
  process.stderr.write(`measuring ${name}\n`);
  const cpu0 = cpuSeconds(pid);
  const t0 = Date.now();
  const delayed = (i, job) => sleep(Math.max(0, t0 + (i * rampMs) / n - Date.now())).then(job);
  const baseline = Promise.allSettled(users.map((_, i) => delayed(i, () => directStream(MODEL, timeoutMs))));
  const system = Promise.allSettled(users.map((user, i) => delayed(i, () => (transport === "signalr"
    ? signalrRun(hubs[i], HOST, user, PORTFOLIO, timeoutMs)
    : transport === "peer" ? peerRun(PEER, timeoutMs) : sseRun(HOST, user, PORTFOLIO, timeoutMs)))));
  const windowCpu = [];
  const windowTimers = WINDOW ? WINDOW.map((at, i) => setTimeout(() => { windowCpu[i] = cpuSeconds(pid); }, at * 1000)) : [];
  const [direct, runs] = await Promise.all([baseline, system]);
  windowTimers.forEach(clearTimeout);
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
    window: WINDOW && windowCpu.length === 2 ? { fromMs: t0 + WINDOW[0] * 1000, toMs: t0 + WINDOW[1] * 1000, cpu: windowCpu[1] - windowCpu[0] } : null,
    loadAverage: `${loadAverage} → ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`,
  });
}

if (LOAD_CPUS) execFileSync("taskset", ["-p", "-c", LOAD_CPUS, String(process.pid)]);
const model = await startModelServer(MODEL_PORT, WORK, LOAD_CPUS);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => { model.kill("SIGTERM"); for (const c of children) c.kill("SIGTERM"); process.exit(130); });
const rows = [];
try {
  for (const transport of TRANSPORTS) {
    // The peer has no coalescing setting: it runs once.
    for (const coalesce of transport === "peer" ? ["—"] : COALESCE) {
      for (const n of STREAMS) {
        rows.push(...await runScenario(transport, coalesce, n));
        writeFileSync(OUT, JSON.stringify(rows, null, 2));
      }
    }
  }
} finally {
  await stopProcess(model);
}
process.stdout.write(`${markdownTable(rows)}\n`);
