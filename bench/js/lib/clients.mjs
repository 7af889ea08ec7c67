// The three kinds of client a stream can have: the model server read directly (the baseline), the self-host through
// the real @microsoft/signalr client, and the self-host's Server-Sent Events endpoint.
import http from "node:http";
import * as signalR from "@microsoft/signalr";
import { TokenLog, nowMs } from "./stats.mjs";

const TERMINAL = new Set(["run_completed", "run_failed", "run_terminated"]);
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

/** GETs or POSTs `url` and calls onEvent(type, data, receivedAt) for each SSE event; resolves at the end of the body. */
function readSse(url, { method = "GET", headers = {}, body, onEvent, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`${method} ${url} answered ${res.statusCode}`));
        res.resume();
        return;
      }
      res.setEncoding("utf8");
      let buffer = "";
      res.on("data", (text) => {
        const at = nowMs();
        buffer += text;
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let type = "message";
          let data = "";
          for (const line of block.split("\n")) {
            if (line.startsWith("event:")) type = line.slice(6).trim();
            else if (line.startsWith("data:")) data += line.slice(5).trimStart();
          }
          if (data && onEvent(type, data, at) === false) {
            req.destroy();
            resolve();
            return;
          }
        }
      });
      res.on("end", resolve);
      res.on("error", reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${url}: no data for ${timeoutMs} ms`)));
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

/** A stream read straight from the model server: the baseline. */
export async function directStream(modelBase, timeoutMs) {
  const log = new TokenLog();
  log.firstAt = null;
  await readSse(`${modelBase}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "bench", stream: true, messages: [{ role: "user", content: "baseline" }] }),
    timeoutMs,
    onEvent: (_type, data, at) => {
      if (data === "[DONE]") return false;
      const content = JSON.parse(data).choices?.[0]?.delta?.content;
      if (content) log.add(content, at);
      return true;
    },
  });
  return log;
}

/** Starts a run as `user`; returns its id and events URL. */
export async function startRun(hostBase, user, portfolio) {
  const response = await fetch(`${hostBase}/api/analyses`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-ms-client-principal-id": user },
    body: portfolio,
  });
  const body = await response.json();
  if (response.status !== 202) throw new Error(`start answered ${response.status}: ${JSON.stringify(body)}`);
  return body;
}

/** An open hub connection of `user` (one user per stream, so every event on it belongs to that user's run). */
export async function connectHub(hostBase, user) {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(`${hostBase}/api`, { headers: { "x-ms-client-principal-id": user }, transport: signalR.HttpTransportType.WebSockets })
    .configureLogging(signalR.LogLevel.None)
    .build();
  const hub = { connection, log: new TokenLog(), messages: 0, final: null, terminal: null, done: null };
  hub.done = new Promise((resolve) => {
    connection.on("runEvent", (event) => {
      const at = nowMs();
      hub.messages++;
      if (event.type === "token") hub.log.add(event.delta, at);
      else if (event.type === "message") hub.final = event.content;
      else if (TERMINAL.has(event.type)) {
        hub.terminal = event.type;
        resolve();
      }
    });
  });
  await connection.start();
  return hub;
}

/** Runs one analysis on an open hub connection; resolves with what the hub delivered. */
export async function signalrRun(hub, hostBase, user, portfolio, timeoutMs) {
  await startRun(hostBase, user, portfolio);
  let timer;
  await Promise.race([hub.done, new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`hub run of ${user} timed out`)), timeoutMs); })]);
  clearTimeout(timer);
  return { log: hub.log, messages: hub.messages, final: hub.final, terminal: hub.terminal };
}

/** Runs one analysis and follows it on the SSE events endpoint. */
export async function sseRun(hostBase, user, portfolio, timeoutMs) {
  const started = await startRun(hostBase, user, portfolio);
  const result = { log: new TokenLog(), messages: 0, final: null, terminal: null };
  await readSse(started.eventsUri, {
    headers: { accept: "text/event-stream", "x-ms-client-principal-id": user },
    timeoutMs,
    onEvent: (type, data, at) => {
      result.messages++;
      const event = JSON.parse(data);
      if (type === "token") result.log.add(event.delta, at);
      else if (type === "message") result.final = event.content;
      else if (TERMINAL.has(type)) {
        result.terminal = type;
        return false;
      }
      return true;
    },
  });
  return result;
}

/** One reply streamed by the Vercel AI SDK peer: its UI message stream's `text-delta` parts, until `finish`. */
export async function peerRun(peerBase, timeoutMs) {
  const result = { log: new TokenLog(), messages: 0, final: null, terminal: null };
  await readSse(`${peerBase}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ prompt: "Analyse my portfolio." }),
    timeoutMs,
    onEvent: (_type, data, at) => {
      if (data === "[DONE]") return false;
      result.messages++;
      const part = JSON.parse(data);
      if (part.type === "text-delta") result.log.add(part.delta, at);
      else if (part.type === "error") result.terminal = "error";
      else if (part.type === "finish") result.terminal ??= "run_completed";
      return true;
    },
  });
  return result;
}
