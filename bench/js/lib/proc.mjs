// Child processes of the benchmark (the self-host, the model server) and what /proc says about them.
import { spawn } from "node:child_process";
import { readFileSync, openSync } from "node:fs";

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** CPU seconds (user + system) the process has used so far. */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime, stime (fields 14, 15 of stat)
}

/** Resident memory now and its peak (VmHWM), in MiB. */
export function memoryMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? NaN);
  return { rss: kb("VmRSS") / 1024, hwm: kb("VmHWM") / 1024 };
}

/** Starts `command` with its output appended to `logFile`; resolves once `ready()` is true (polled), within `timeoutMs`. */
export async function startProcess(command, args, { cwd, env, logFile, ready, timeoutMs = 60_000 }) {
  const log = openSync(logFile, "a");
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", log, log] });
  let exited = null;
  child.on("exit", (code, signal) => { exited = { code, signal }; });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${command} exited early (${JSON.stringify(exited)}); see ${logFile}`);
    try {
      if (await ready()) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill("SIGKILL");
  throw new Error(`${command} was not ready within ${timeoutMs} ms; see ${logFile}`);
}

/** Stops a child: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopProcess(child, graceMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}
