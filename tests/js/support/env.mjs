// Shared helpers of the contract and browser tests. The host under test is ADVISOR_BASE_URL (the
// self-host, `func start` or Azure); without it the suites skip and say why. Users are named by the
// x-ms-client-principal-id header, or, with ADVISOR_BEARER_TOKENS set (token mode, for a host behind
// App Service Authentication), by one bearer token each.
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
/** Access tokens of distinct principals (ADVISOR_BEARER_TOKENS, whitespace- or comma-separated); empty: header mode. */
export const TOKENS = (process.env.ADVISOR_BEARER_TOKENS ?? "").split(/[\s,]+/).filter(Boolean);

export const portfolio = (name) => readFileSync(join(REPO, "data/portfolios", name), "utf8");
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The HTTP, hub and status helpers bound to one host (`base`) and identity mode. With `tokens`, each user made by
 * newUser gets the next token (round robin) and is named by `Authorization: Bearer`; without, by the header.
 * @param {{ base?: string, tokens?: string[] }} options
 */
export function createClient({ base = BASE, tokens = TOKENS } = {}) {
  const tokenOf = new Map();

  /** A new user: in token mode the next token's principal, so users beyond tokens.length repeat principals. */
  const newUser = (label) => {
    const user = `test-${label}-${randomUUID()}`;
    if (tokens.length) tokenOf.set(user, tokens[tokenOf.size % tokens.length]);
    return user;
  };

  /** Why a test needing `count` distinct principals must skip (too few tokens), or false. */
  const needPrincipals = (count) => tokens.length > 0 && tokens.length < count
    && `needs ${count} distinct principals; ADVISOR_BEARER_TOKENS holds ${tokens.length}`;

  const tokenFor = (user) => {
    const token = tokenOf.get(user);
    if (!token) throw new Error(`token mode: "${user}" was not made by newUser, so it has no token`);
    return token;
  };

  /** The headers naming `user`: the identity header, or in token mode its bearer token. */
  const identity = (user) => {
    if (!user) return {};
    return tokens.length ? { authorization: `Bearer ${tokenFor(user)}` } : { "x-ms-client-principal-id": user };
  };

  /** fetch against the host as `user` (omit user to send no identity). */
  async function api(path, { user, method = "GET", headers = {}, body } = {}) {
    return fetch(/^https?:/.test(path) ? path : `${base}${path}`, { method, headers: { ...headers, ...identity(user) }, body });
  }

  async function startJson(user, body) {
    const response = await api("/api/analyses", {
      user, method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
    });
    const text = await response.text();
    return { response, body: text ? JSON.parse(text) : null };
  }

  async function getEvents(user, id, after = 0) {
    const response = await api(`/api/analyses/${id}/events?after=${after}`, { user });
    if (response.status !== 200) throw new Error(`events?after=${after} answered ${response.status}`);
    return response.json();
  }

  /** Polls the status endpoint until runtimeStatus is one of `statuses` (default: any final status). */
  async function waitForStatus(user, id, statuses = ["Completed", "Failed", "Terminated"], timeoutMs = RUN_TIMEOUT_MS) {
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
  async function negotiate(user) {
    const response = await api("/api/negotiate?negotiateVersion=1", { user, method: "POST" });
    if (response.status !== 200) throw new Error(`negotiate answered ${response.status}`);
    return response.json();
  }

  /**
   * A hub connection of `user` that records every runEvent it receives. With `redirect` ({ url, accessToken } from
   * another negotiate) it joins that hub URL with that token, in header mode still sending `user`'s header.
   * In token mode the app's token goes through accessTokenFactory, which the client replaces with the negotiate
   * answer's accessToken when it follows the redirect (an Authorization in `headers` would override that token).
   */
  async function connectHub(user, redirect) {
    const options = {};
    if (redirect) options.accessTokenFactory = () => redirect.accessToken;
    else if (tokens.length) options.accessTokenFactory = () => tokenFor(user);
    if (!tokens.length) options.headers = identity(user);
    return recordHub(new signalR.HubConnectionBuilder().withUrl(redirect ? redirect.url : `${base}/api`, options));
  }

  return { base, tokens, newUser, needPrincipals, identity, api, startJson, getEvents, waitForStatus, negotiate, connectHub };
}

/**
 * Builds and starts the connection, recording every runEvent it receives.
 * @param {signalR.HubConnectionBuilder} builder
 */
export async function recordHub(builder) {
  const connection = builder.configureLogging(signalR.LogLevel.Error).build();
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

/** The helpers bound to ADVISOR_BASE_URL and ADVISOR_BEARER_TOKENS. */
export const { newUser, needPrincipals, identity, api, startJson, getEvents, waitForStatus, negotiate, connectHub } = createClient();

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
