// The soak: `--streams` SignalR clients run analyses back to back for `--minutes`, with the default coalescing, while
// the self-host's resident memory is sampled every 10 s; then every client disconnects and memory is sampled idle.
// Prints a CSV (seconds, RSS MiB, runs completed, tokens delivered) and writes it to --out.
//
//   cd bench/js && node soak.mjs [--streams 100] [--minutes 10] [--out soak.csv]
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { memoryMiB, cpuSeconds, stopProcess } from "./lib/proc.mjs";
import { REPO, startHost, startModelServer } from "./lib/hosts.mjs";
import { connectHub, signalrRun } from "./lib/clients.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const arg = (name, fallback) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : fallback);
const STREAMS = Number(arg("streams", "100"));
const MINUTES = Number(arg("minutes", "10"));
const OUT = arg("out", join(HERE, "soak.csv"));
const WORK = arg("work", "/tmp/stream-soak");
const MODEL = `http://127.0.0.1:${arg("model-port", "5311")}`;
const HOST = `http://127.0.0.1:${arg("host-port", "5312")}`;
const PORTFOLIO = JSON.stringify({ ...JSON.parse(readFileSync(join(REPO, "data/portfolios/example.json"), "utf8")), persona: "analyst" });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const model = await startModelServer(Number(new URL(MODEL).port), WORK);
const host = await startHost({ hostUrl: HOST, modelUrl: MODEL, coalesce: 60, dir: join(WORK, "host") });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => { model.kill("SIGTERM"); host.kill("SIGTERM"); process.exit(130); });
const rows = ["seconds,rss_mib,runs_completed,runs_failed,tokens,host_cpu_s"];
let completed = 0;
let failed = 0;
let tokens = 0;
try {
  await fetch(`${MODEL}/config`, { method: "POST", body: JSON.stringify({ tokens: 200, tokensPerSecond: 50 }) });
  const t0 = Date.now();
  const deadline = t0 + MINUTES * 60_000;
  const sample = () => {
    const line = `${((Date.now() - t0) / 1000).toFixed(0)},${memoryMiB(host.pid).rss.toFixed(1)},${completed},${failed},${tokens},${cpuSeconds(host.pid).toFixed(1)}`;
    rows.push(line);
    process.stderr.write(`${line}\n`);
  };
  sample();
  const sampler = setInterval(sample, 10_000);
  await Promise.all(Array.from({ length: STREAMS }, async (_, i) => {
    await sleep(i * 20);
    const user = `soak-${i}`;
    while (Date.now() < deadline) {
      // A fresh connection per run, as a browser tab that opens, reads one reply and closes.
      const hub = await connectHub(HOST, user);
      try {
        const run = await signalrRun(hub, HOST, user, PORTFOLIO, 120_000);
        tokens += run.log.received.size;
        if (run.terminal === "run_completed") completed++;
        else failed++;
      } catch {
        failed++;
      } finally {
        await hub.connection.stop();
      }
    }
  }));
  clearInterval(sampler);
  sample();
  await sleep(15_000);
  sample();
} finally {
  await stopProcess(host);
  await stopProcess(model);
}
writeFileSync(OUT, `${rows.join("\n")}\n`);
process.stdout.write(`${rows.join("\n")}\n`);
