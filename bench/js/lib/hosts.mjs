// Starting the benchmark model server and the self-host (Release build) as separate processes on loopback.
import { mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startProcess } from "./proc.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO = join(HERE, "../../..");
export const HOST_DLL = process.env.SELFHOST_DLL ?? join(REPO, "src/SelfHost/bin/Release/net10.0/PortfolioAdvisor.SelfHost.dll");

export function startModelServer(port, work, cpus = null) {
  mkdirSync(work, { recursive: true });
  const command = ["node", join(HERE, "../model-server.mjs"), "--port", String(port)];
  return startProcess(...pinned(command, cpus), {
    cwd: join(HERE, ".."), logFile: join(work, "model-server.log"),
    ready: async () => (await fetch(`http://127.0.0.1:${port}/emits`)).status === 200,
  });
}

/** The self-host on `hostUrl` with a fresh database under `dir`, its model the benchmark model server, coalescing `coalesce` ms. */
export function startHost({ hostUrl, modelUrl, coalesce, dir, cpus = null }) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return startProcess(...pinned(["dotnet",
    HOST_DLL, "--urls", hostUrl,
    `--Advisor:Endpoint=${modelUrl}/v1`, "--Advisor:Model=bench",
    `--Streaming:CoalesceMilliseconds=${coalesce}`,
    `--Storage:DatabasePath=${join(dir, "advisor.db")}`,
    "--Limits:StartsPerMinute=100000", "--Limits:RunsInFlightPerUser=100000",
    "--Logging:LogLevel:Default=Warning",
  ], cpus), {
    cwd: REPO,
    env: { ASPNETCORE_ENVIRONMENT: "Production" },
    logFile: join(dir, "host.log"),
    ready: async () => (await fetch(`${hostUrl}/api/health`, { headers: { "x-ms-client-principal-id": "bench" } })).status === 200,
  });
}

/** The Vercel AI SDK peer (peer/vercel-ai-sdk-server.mjs) on `peerUrl`, its model the benchmark model server. */
export function startPeer({ peerUrl, modelUrl, dir, cpus = null }) {
  mkdirSync(dir, { recursive: true });
  const port = new URL(peerUrl).port;
  return startProcess(...pinned(["node", join(HERE, "../peer/vercel-ai-sdk-server.mjs"), "--port", port, "--model-url", modelUrl], cpus), {
    cwd: join(HERE, ".."), logFile: join(dir, "peer.log"),
    ready: async () => (await fetch(`${peerUrl}/health`)).status === 200,
  });
}

/** `command` as [file, args], run on the CPUs `cpus` (taskset's list, e.g. "1") when given; taskset execs it, so the pid is the command's. */
function pinned(command, cpus) {
  const full = cpus ? ["taskset", "-c", cpus, ...command] : command;
  return [full[0], full.slice(1)];
}
