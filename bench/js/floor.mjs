// The floor in Node: this process only reads model streams with the bench's own direct client (lib/clients.mjs, the
// baseline of every scenario), N started at once, and prints its CPU per token read between two instants of the round.
// bench/StreamFloor measures the same in .NET; docs/performance.md compares both with the self-host.
//
//   node model-server.mjs --port 5301 &
//   node floor.mjs [--model http://127.0.0.1:5301] [--streams 100] [--tokens 750] [--rate 50] [--window 4,13] [--rounds 2] [--tokens-per-write 1]
import { directStream } from "./lib/clients.mjs";

const argv = process.argv.slice(2);
const arg = (name, fallback) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : fallback);
const MODEL = arg("model", "http://127.0.0.1:5301");
const STREAMS = Number(arg("streams", "100"));
const TOKENS = Number(arg("tokens", "750"));
const RATE = Number(arg("rate", "50"));
const [FROM, TO] = arg("window", "4,13").split(",").map(Number);
const ROUNDS = Number(arg("rounds", "2"));
const PER_WRITE = Number(arg("tokens-per-write", "1"));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const post = (path, body) => fetch(`${MODEL}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body ?? {}) });
const cpuSeconds = () => { const { user, system } = process.cpuUsage(); return { user: user / 1e6, system: system / 1e6 }; };

await post("/config", { tokens: 100, tokensPerSecond: 100, tokensPerWrite: PER_WRITE });
for (let pass = 0; pass < 4; pass++) await Promise.all(Array.from({ length: 40 }, () => directStream(MODEL, 60_000)));

console.log(`node, ${STREAMS} streams × ${TOKENS} tokens at ${RATE}/s, ${PER_WRITE} per write, window ${FROM}–${TO} s`);
for (let round = 1; round <= ROUNDS; round++) {
  await post("/config", { tokens: TOKENS, tokensPerSecond: RATE, tokensPerWrite: PER_WRITE });
  await post("/reset");
  const t0 = Date.now();
  const streams = Promise.all(Array.from({ length: STREAMS }, () => directStream(MODEL, 120_000)));
  await sleep(FROM * 1000);
  const cpu0 = cpuSeconds();
  const from = Date.now();
  await sleep((TO - FROM) * 1000);
  const cpu1 = cpuSeconds();
  const to = Date.now();
  const logs = await streams;
  // Tokens received between the two instants, by each token's receive time.
  const tokens = logs.reduce((sum, log) => sum + [...log.received.values()].filter((at) => at >= from && at < to).length, 0);
  const user = cpu1.user - cpu0.user;
  const system = cpu1.system - cpu0.system;
  const us = (s) => ((s / tokens) * 1e6).toFixed(1);
  console.log(`round ${round}: ${tokens} tokens in the window, ${(user + system).toFixed(2)} s CPU, ${us(user + system)} µs per token (${us(user)} user, ${us(system)} system); ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
