// A local OpenAI-compatible streaming model server for the streaming benchmark (loopback only).
//
// Why not tests/ModelServer: the benchmark needs every token's emit time at the client, which only sees the text the
// advisor forwards. So each token's text names it — " r<request>k<index>" — and the emit times travel by a side
// channel (GET /emits), never in the text. Tokens are emitted on an absolute schedule (first at +interval, token k at
// +(k+1)·interval from the request's arrival), so the rate holds without drift; how late each emit was against its
// schedule is recorded too, to show whether the model server itself kept up.
//
//   node model-server.mjs --port 5301
//   POST /config {"tokens": 400, "tokensPerSecond": 50}   tokens per reply and their rate, for later requests;
//                {"tokensPerWrite": 4}                     optional: that many tokens' chunks in one write, at the same mean rate
//   POST /v1/chat/completions                             SSE chunks as OpenAI sends them
//   GET  /emits                                           {requests: {r: {emits: [unix ms], done}}, lateMs: {...}}
//   POST /reset                                           forgets recorded requests
import { createServer } from "node:http";
import { performance } from "node:perf_hooks";

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith("--") ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
const port = Number(args.port ?? 5301);
const config = { tokens: 100, tokensPerSecond: 50, tokensPerWrite: 1 };
let nextRequest = 0;
let requests = new Map(); // r -> { emits: number[], done: boolean, late: number[] }
let inFlight = 0;
let peakInFlight = 0;

const nowMs = () => performance.timeOrigin + performance.now();
const chunk = (id, delta, finish) => `data: ${JSON.stringify({
  id, object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model: "bench", system_fingerprint: null,
  choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
})}\n\n`;

function readBody(req) {
  return new Promise((resolve, reject) => {
    const parts = [];
    req.on("data", (p) => parts.push(p));
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    req.on("error", reject);
  });
}

function stream(req, res, body) {
  const r = nextRequest++;
  const { tokens, tokensPerSecond } = config;
  const perWrite = Math.max(1, config.tokensPerWrite ?? 1);
  const record = { emits: [], late: [], done: false };
  requests.set(r, record);
  inFlight++;
  peakInFlight = Math.max(peakInFlight, inFlight);
  const id = `chatcmpl-bench-${r}`;
  const started = nowMs();
  const interval = 1000 / tokensPerSecond;
  let k = 0;
  let closed = false;
  res.on("close", () => { closed = true; });
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  res.write(chunk(id, { role: "assistant", content: "" }, null));
  const finish = () => {
    inFlight--;
    record.done = true;
    if (!closed) {
      res.write(chunk(id, {}, "stop"));
      res.end("data: [DONE]\n\n");
    }
  };
  const tick = () => {
    if (closed) { finish(); return; }
    const due = started + (k + perWrite) * interval;
    const at = nowMs();
    let out = "";
    for (let n = 0; n < perWrite && k < tokens; n++, k++) {
      record.late.push(at - due);
      record.emits.push(at);
      out += chunk(id, { content: `${k === 0 ? "" : " "}r${r}k${k}` }, null);
    }
    res.write(out);
    if (k >= tokens) { finish(); return; }
    setTimeout(tick, Math.max(0, started + (k + perWrite) * interval - nowMs()));
  };
  setTimeout(tick, interval * perWrite);
  void body;
}

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url, "http://x");
    if (req.method === "POST" && (url.pathname === "/v1/chat/completions" || url.pathname === "/chat/completions")) {
      const body = await readBody(req);
      const json = JSON.parse(body);
      if (!json.stream) {
        res.writeHead(400, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: "the benchmark model only streams", type: "invalid_request_error" } }));
        return;
      }
      stream(req, res, json);
    } else if (req.method === "POST" && url.pathname === "/config") {
      Object.assign(config, JSON.parse(await readBody(req)));
      res.end(JSON.stringify(config));
    } else if (req.method === "POST" && url.pathname === "/reset") {
      requests = new Map();
      peakInFlight = inFlight;
      res.end("{}");
    } else if (req.method === "GET" && url.pathname === "/emits") {
      const out = {};
      for (const [r, rec] of requests) out[r] = { emits: rec.emits, late: rec.late, done: rec.done };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ peakInFlight, requests: out }));
    } else {
      res.writeHead(404);
      res.end();
    }
  } catch (e) {
    res.writeHead(500);
    res.end(String(e));
  }
});
server.keepAliveTimeout = 60_000;
server.listen(port, "127.0.0.1", () => process.stdout.write(`model server on http://127.0.0.1:${port}\n`));
