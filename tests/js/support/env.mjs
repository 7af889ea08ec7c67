// Shared helpers of the contract and browser tests. The host under test is ADVISOR_BASE_URL (the
// self-host, `func start` or Azure); without it the suites skip and say why.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { randomUUID } from "node:crypto";
import * as signalR from "@microsoft/signalr";

export const BASE = (process.env.ADVISOR_BASE_URL ?? "").replace(/\/+$/, "");
export const SKIP = BASE ? false : "ADVISOR_BASE_URL is not set (e.g. http://127.0.0.1:5080)";
export const REPO = join(dirname(fileURLToPath(import.meta.url)), "../../..");
export const NODES = ["convert", "risk", "performance", "recommendations", "advisor"];
export const TERMINAL = new Set(["run_completed", "run_failed", "run_terminated"]);
export const RUN_TIMEOUT_MS = Number(process.env.ADVISOR_RUN_TIMEOUT_MS ?? 180_000);

export const portfolio = (name) => readFileSync(join(REPO, "data/portfolios", name), "utf8");
export const newUser = (label) => `test-${label}-${randomUUID()}`;
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** fetch against the host as `user` (omit user to send no identity header). */
export async function api(path, { user, method = "GET", headers = {}, body } = {}) {
  const h = { ...headers };
  if (user) h["x-ms-client-principal-id"] = user;
  return fetch(/^https?:/.test(path) ? path : `${BASE}${path}`, { method, headers: h, body });
}

export async function startJson(user, body) {
  const response = await api("/api/analyses", {
    user, method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
  });
  const text = await response.text();
  return { response, body: text ? JSON.parse(text) : null };
}

export async function getEvents(user, id, after = 0) {
  const response = await api(`/api/analyses/${id}/events?after=${after}`, { user });
  if (response.status !== 200) throw new Error(`events?after=${after} answered ${response.status}`);
  return response.json();
}

/** Polls the status endpoint until runtimeStatus is one of `statuses` (default: any final status). */
export async function waitForStatus(user, id, statuses = ["Completed", "Failed", "Terminated"], timeoutMs = RUN_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    const response = await api(`/api/analyses/${id}`, { user });
    last = response.status === 200 ? await response.json() : { httpStatus: response.status };
    if (statuses.includes(last.runtimeStatus)) return last;
    await sleep(300);
  }
  throw new Error(`run ${id} did not reach ${statuses.join("/")} in ${timeoutMs} ms; last status ${JSON.stringify(last)?.slice(0, 300)}`);
}

/** POST /api/negotiate as `user`: the redirect { url, accessToken } the SignalR client would follow. */
export async function negotiate(user) {
  const response = await api("/api/negotiate?negotiateVersion=1", { user, method: "POST" });
  if (response.status !== 200) throw new Error(`negotiate answered ${response.status}`);
  return response.json();
}

/**
 * A hub connection of `user` that records every runEvent it receives. With `redirect` ({ url, accessToken }
 * from another negotiate) it joins that hub URL with that token while still sending `user`'s header.
 */
export async function connectHub(user, redirect) {
  const url = redirect ? redirect.url : `${BASE}/api`;
  const options = { headers: { "x-ms-client-principal-id": user } };
  if (redirect) options.accessTokenFactory = () => redirect.accessToken;
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(url, options)
    .configureLogging(signalR.LogLevel.Error)
    .build();
  const events = [];
  const waiters = new Set();
  connection.on("runEvent", (event) => {
    events.push(event);
    for (const w of waiters) w();
  });
  await connection.start();
  return {
    connection,
    events,
    /** Resolves once predicate(events) is true; rejects after timeoutMs. */
    waitFor(predicate, timeoutMs = RUN_TIMEOUT_MS) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (predicate(events)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(events);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`waited ${timeoutMs} ms on the hub; got ${events.length} events`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    stop: () => connection.stop(),
  };
}

/**
 * Reads a Server-Sent Events response to its end (or until timeoutMs): [{ id, event, data }].
 * @param {Response} response
 */
export async function readSse(response, timeoutMs = RUN_TIMEOUT_MS) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const frames = [];
  let buffer = "";
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; reader.cancel().catch(() => {}); }, timeoutMs);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, "\n");
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const frame = { id: null, event: null, data: [] };
        for (const line of block.split("\n")) {
          if (!line || line.startsWith(":")) continue;
          const colon = line.indexOf(":");
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
          if (field === "data") frame.data.push(value);
          else if (field === "id" || field === "event") frame[field] = value;
        }
        if (frame.data.length) frames.push({ id: frame.id, event: frame.event, data: JSON.parse(frame.data.join("\n")) });
      }
    }
  } finally {
    clearTimeout(timer);
  }
  return { frames, timedOut };
}
