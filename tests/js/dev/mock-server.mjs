// A development stand-in for the advisor API, for working on the page and the tests while no real host
// runs: it speaks CONTRACT.md's HTTP routes, SSE and SignalR (JSON protocol over long polling) with a
// scripted run. Its figures are made up; it is NOT the product and the test suite's verdict about the
// contract only counts against a real host (self-host, func start or Azure).
//   node tests/js/dev/mock-server.mjs [port]   → serves web/ at / and data/portfolios/ at /samples/
import { createServer } from "node:http";
import { readFileSync, existsSync, statSync } from "node:fs";
import { join, extname, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { randomUUID } from "node:crypto";

const repo = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const port = Number(process.argv[2] ?? process.env.PORT ?? 5090);
const RS = "\x1e";
const NODES = ["convert", "risk", "performance", "recommendations", "advisor"];

const prices = new Map();
for (const line of readFileSync(join(repo, "data/prices.csv"), "utf8").split("\n").slice(1)) {
  const [, ticker, close] = line.split(",");
  if (ticker) prices.set(ticker, Number(close));
}
const tickers = new Map(readFileSync(join(repo, "data/tickers.csv"), "utf8").split("\n").slice(1).filter(Boolean)
  .map((l) => l.split(",")).map(([t, name, assetClass]) => [t, { name, assetClass }]));

const runs = new Map();          // id -> { owner, events, status, output, listeners:Set, terminated }
const connections = new Map();   // token -> { user, queue: string[], waiter, lastSeen }

function problem(res, status, title, detail, errors) {
  res.writeHead(status, { "content-type": "application/problem+json" });
  res.end(JSON.stringify({ type: "about:blank", title, status, detail, ...(errors ? { errors } : {}) }));
}
const json = (res, status, body, headers = {}) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
};
const readBody = (req) => new Promise((resolve) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
});

function parseCsv(text) {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/).filter((l) => l.trim());
  const header = lines[0].split(",");
  const sym = header.indexOf("Symbol"), qty = header.indexOf("Quantity");
  const errors = {};
  const holdings = [];
  lines.slice(1).forEach((line, i) => {
    const cells = line.split(",");
    const row = `rows[${i + 2}]`;
    if (cells.length < header.length) return void (errors[row] = ["missing column"]);
    const ticker = cells[sym]?.replace(/\*+$/, "");
    const shares = Number(cells[qty]);
    if (!ticker) errors[`${row}.symbol`] = ["empty symbol"];
    else if (!prices.has(ticker)) errors[`${row}.symbol`] = [`${ticker} is not in the market data`];
    else if (!Number.isFinite(shares)) errors[`${row}.quantity`] = ["not a number"];
    else if (shares <= 0) errors[`${row}.quantity`] = ["must be positive"];
    else holdings.push({ ticker, shares });
  });
  return { holdings, errors };
}

function emit(run, event) {
  const full = { type: event.type, runId: run.id, seq: run.events.length + 1, ts: new Date().toISOString(), ...event };
  run.events.push(full);
  for (const c of connections.values()) if (c.user === run.owner) send(c, { type: 1, target: "runEvent", arguments: [full] });
  for (const l of run.listeners) l(full);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function script(run, request) {
  const total = request.holdings.reduce((s, h) => s + h.shares * prices.get(h.ticker), 0);
  const holdings = request.holdings.map((h) => {
    const price = prices.get(h.ticker), marketValue = h.shares * price;
    return { ticker: h.ticker, name: tickers.get(h.ticker)?.name ?? h.ticker, assetClass: tickers.get(h.ticker)?.assetClass ?? "other",
      shares: h.shares, price, marketValue, weight: marketValue / total, costBasis: h.costBasis ?? null,
      unrealizedGain: h.costBasis == null ? null : marketValue - h.costBasis };
  });
  run.status = "Running";
  emit(run, { type: "run_started", nodes: NODES });
  for (const [i, node] of NODES.slice(0, 4).entries()) {
    if (run.terminated) return;
    emit(run, { type: "node_started", node });
    await sleep(150);
    emit(run, { type: "node_completed", node, durationMs: 150, percent: (i + 1) * 20, summary: { holdings: holdings.length, totalValue: total } });
  }
  emit(run, { type: "node_started", node: "advisor" });
  const texts = request.persona === "xiaomei"
    ? ["Hi! I looked at your portfolio 😊", "It is nicely spread across stocks and bonds.", "Maybe trim gold a little and add to bonds?"]
    : ["Your portfolio of " + holdings.length + " funds is worth $" + total.toFixed(0) + ". Volatility is moderate; consider rebalancing toward bonds."];
  const messages = [];
  for (const text of texts) {
    if (run.terminated) return;
    if (request.persona === "xiaomei") emit(run, { type: "typing", agent: request.persona, typing: true });
    const messageId = randomUUID();
    for (const word of text.match(/\S+\s*/g)) {
      if (run.terminated) return;
      emit(run, { type: "token", agent: request.persona, messageId, delta: word, streaming: true, final: false });
      await sleep(request.persona === "xiaomei" ? 120 : 30);
    }
    emit(run, { type: "message", agent: request.persona, messageId, content: text, streaming: false, final: true });
    if (request.persona === "xiaomei") emit(run, { type: "typing", agent: request.persona, typing: false });
    messages.push(text);
  }
  emit(run, { type: "node_completed", node: "advisor", durationMs: 900, percent: 100, summary: { messages: messages.length } });
  emit(run, { type: "run_completed" });
  await sleep(200);
  run.status = "Completed";
  run.output = {
    asOf: "2025-10-01", baseCurrency: "USD", totalValue: total, holdings,
    risk: { lookbackDays: 756, annualizedVolatility: 0.12, maxDrawdown: -0.21, valueAtRisk95: 0.011, conditionalValueAtRisk95: 0.016,
      beta: 0.7, benchmark: "VTI", sharpeRatio: 0.8, riskFree: "BIL", herfindahlIndex: holdings.reduce((s, h) => s + h.weight ** 2, 0),
      largestWeight: Math.max(...holdings.map((h) => h.weight)) },
    performance: { startDate: "2020-09-28", totalReturn1Y: 0.11, totalReturn3Y: 0.35, cagr3Y: 0.105, totalReturnSinceStart: 0.5,
      cagrSinceStart: 0.084, benchmark: "VTI", benchmarkTotalReturn1Y: 0.17, benchmarkTotalReturn3Y: 0.6, benchmarkTotalReturnSinceStart: 0.9 },
    recommendations: [{ code: "rebalance", severity: "medium", title: "Rebalance toward bonds", rationale: "Equity weight is above the balanced target.",
      figures: { equityWeight: 0.7 }, trades: [{ ticker: holdings[0].ticker, action: "sell", shares: 5, amountUsd: 5 * holdings[0].price }] }],
    advice: { persona: request.persona, model: "mock", messages },
  };
  // Figures the real hosts add beyond the contract (docs/protocol.md), in their shapes, so the page's extra charts show.
  const days = Array.from({ length: 120 }, (_, i) => new Date(Date.UTC(2025, 5, 1) + i * 86400000).toISOString().slice(0, 10));
  run.output.performance.drawdownCurve = days.map((date, i) => ({ date, drawdown: -0.08 * Math.abs(Math.sin(i / 15)) }));
  run.output.performance.calendarYears = [2023, 2024, 2025].map((year, i) => ({ year, from: `${year}-01-03`, to: `${year}-12-29`,
    days: i === 2 ? 190 : 250, portfolio: 0.05 + 0.03 * i, benchmark: 0.08 + 0.04 * i }));
  run.output.risk.contributions = holdings.map((h) => ({ ticker: h.ticker, weight: h.weight, shareOfVariance: h.weight * (h.assetClass.includes("equity") ? 1.4 : 0.4) }));
  run.output.allocation = [...new Set(holdings.map((h) => h.assetClass))].map((assetClass) => {
    const weight = holdings.filter((h) => h.assetClass === assetClass).reduce((s, h) => s + h.weight, 0);
    return { assetClass, weight, target: 0.2, drift: weight - 0.2, outsideBand: Math.abs(weight - 0.2) > 0.05 };
  });
}

function send(connection, message) {
  connection.queue.push(JSON.stringify(message) + RS);
  flush(connection);
}
function flush(connection) {
  if (connection.waiter && connection.queue.length) {
    const res = connection.waiter;
    connection.waiter = null;
    res.writeHead(200, { "content-type": "text/plain" });
    res.end(connection.queue.splice(0).join(""));
  }
}

async function handle(req, res) {
  const url = new URL(req.url, `http://${req.headers.host}`);
  const path = url.pathname;
  if (!path.startsWith("/api")) return serveStatic(res, path);
  if (path === "/api/health") return json(res, 200, { status: "healthy", activeConnections: connections.size });
  // SignalR long polling: the token carries the user fixed at negotiate time.
  if (path === "/api" && url.searchParams.get("id")) {
    const connection = connections.get(url.searchParams.get("id"));
    if (!connection) return problem(res, 404, "No such connection");
    if (req.method === "DELETE") { connections.delete(url.searchParams.get("id")); res.writeHead(202); return res.end(); }
    if (req.method === "POST") {
      const body = await readBody(req);
      if (body.includes('"protocol"')) send(connection, {});
      res.writeHead(200); return res.end();
    }
    connection.lastSeen = Date.now();
    if (!connection.polled) { connection.polled = true; res.writeHead(200); return res.end(); }
    connection.waiter = res;
    flush(connection);
    setTimeout(() => { if (connection.waiter === res) send(connection, { type: 6 }); }, 15000);
    return;
  }
  const user = req.headers["x-ms-client-principal-id"];
  if (!user) return problem(res, 401, "Unauthorized", "The x-ms-client-principal-id header is missing.");
  if (path === "/api/negotiate") {
    const token = randomUUID();
    connections.set(token, { user, queue: [], waiter: null, polled: false });
    return json(res, 200, { negotiateVersion: 1, connectionId: token, connectionToken: token,
      availableTransports: [{ transport: "LongPolling", transferFormats: ["Text", "Binary"] }] });
  }
  if (path === "/api/analyses" && req.method === "POST") {
    const text = await readBody(req);
    const type = req.headers["content-type"] ?? "";
    let request;
    if (type.startsWith("application/json")) {
      try { request = JSON.parse(text); } catch { return problem(res, 400, "Malformed JSON", "The body is not valid JSON."); }
    } else if (type.startsWith("text/csv")) {
      const { holdings, errors } = parseCsv(text);
      if (Object.keys(errors).length) return problem(res, 400, "One or more validation errors occurred.", "The CSV has rows that cannot be used.", errors);
      request = { holdings, persona: url.searchParams.get("persona"), riskProfile: url.searchParams.get("riskProfile") };
    } else return problem(res, 415, "Unsupported media type");
    const unknown = (request.holdings ?? []).filter((h) => !prices.has(h.ticker));
    if (!request.holdings?.length || unknown.length) return problem(res, 400, "One or more validation errors occurred.", "", { holdings: unknown.map((h) => `${h.ticker} is unknown`) });
    request.persona ??= "analyst";
    const id = randomUUID().replaceAll("-", "");
    const run = { id, owner: user, events: [], status: "Pending", output: null, listeners: new Set(), terminated: false, created: new Date().toISOString() };
    runs.set(id, run);
    setTimeout(() => script(run, request), 300);
    const base = `http://${req.headers.host}/api/analyses/${id}`;
    return json(res, 202, { id, statusQueryGetUri: base, eventsUri: `${base}/events`, terminatePostUri: `${base}/terminate` }, { location: base });
  }
  const match = path.match(/^\/api\/analyses\/([^/]+)(\/events|\/terminate)?$/);
  const run = match && runs.get(match[1]);
  if (!run || run.owner !== user) return problem(res, 404, "Not found", "No analysis with this id.");
  if (match[2] === "/terminate") {
    if (!run.terminated && run.status !== "Completed") {
      run.terminated = true; run.status = "Terminated";
      emit(run, { type: "run_terminated", reason: url.searchParams.get("reason") ?? "" });
    }
    res.writeHead(202); return res.end();
  }
  if (match[2] === "/events") {
    const after = Number(url.searchParams.get("after") ?? req.headers["last-event-id"] ?? 0);
    if ((req.headers.accept ?? "").includes("text/event-stream")) {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      const write = (e) => {
        res.write(`id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
        if (["run_completed", "run_failed", "run_terminated"].includes(e.type)) { run.listeners.delete(write); res.end(); }
      };
      for (const e of run.events.filter((e) => e.seq > after)) write(e);
      if (!res.writableEnded) run.listeners.add(write);
      req.on("close", () => run.listeners.delete(write));
      return;
    }
    return json(res, 200, run.events.filter((e) => e.seq > after));
  }
  const completed = run.events.filter((e) => e.type === "node_completed");
  return json(res, 200, { id: run.id, runtimeStatus: run.status, createdTime: run.created, lastUpdatedTime: new Date().toISOString(),
    customStatus: { node: null, completedNodes: completed.map((e) => e.node), percent: completed.at(-1)?.percent ?? 0 },
    ...(run.output ? { output: run.output } : {}) });
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css", ".json": "application/json",
  ".csv": "text/csv", ".svg": "image/svg+xml", ".md": "text/markdown" };
function serveStatic(res, path) {
  const file = path.startsWith("/samples/") ? join(repo, "data/portfolios", path.slice(9)) : join(repo, "web", path === "/" ? "index.html" : path);
  if (!file.startsWith(repo) || !existsSync(file) || !statSync(file).isFile()) { res.writeHead(404); return res.end("not found"); }
  res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
  res.end(readFileSync(file));
}

createServer((req, res) => handle(req, res).catch((e) => problem(res, 500, "Mock failure", String(e)))).listen(port, "127.0.0.1",
  () => console.log(`mock advisor on http://127.0.0.1:${port}`));
