// DOM rendering of the run state and of a completed analysis. Text goes in through textContent only
// (never innerHTML), since advisor messages and server errors are not trusted markup.

import { assetClassLabel, duration, pct, shares, summaryText, usd, riskRows, performanceRows } from "./output-view.js";
import { describeToolCall } from "./tool-view.js";
import { PAGE_STOP_REASON } from "./api.js";

export const $ = (selector, root = document) => root.querySelector(selector);

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

export const NODE_LABELS = {
  convert: "Read and price the holdings",
  risk: "Measure risk",
  performance: "Measure performance",
  recommendations: "Build recommendations",
  advisor: "Write the advice",
};

const agentName = (agent) => (agent ? agent.charAt(0).toUpperCase() + agent.slice(1) : "Advisor");

export function renderProgress(state) {
  const percent = Math.max(0, Math.min(100, Math.round(state?.percent ?? 0)));
  const bar = $("#progress");
  bar.setAttribute("aria-valuenow", String(percent));
  bar.setAttribute("aria-valuetext", `${percent} %`);
  bar.style.setProperty("--percent", `${percent}%`);
  const list = $("#steps");
  list.replaceChildren(...(state?.nodes ?? []).map((node) => {
    const info = state.nodeState[node];
    const detail = info.status === "done"
      ? [summaryText(info.summary), duration(info.durationMs)].filter(Boolean).join(" · ")
      : info.status === "running" ? "working…" : "";
    return el("li", { class: `step ${info.status}`, "data-node": node, "data-state": info.status },
      el("span", { class: "step-icon", "aria-hidden": "true" }),
      el("span", { class: "step-body" },
        el("span", { class: "step-name", text: NODE_LABELS[node] ?? node }),
        el("span", { class: "visually-hidden", text: ` (${info.status})` }),
        detail ? el("span", { class: "step-detail", text: detail }) : null));
  }));
}

/**
 * Brings the conversation box in line with the analysis' state and its turns: the analysis' bubbles,
 * then for each turn the question, its tool calls and its answer, in the order they began. Nodes are
 * keyed, so a render only adds, grows, settles, reorders or removes what changed.
 * @param {import("./run-state.js").RunState|null} state the analysis
 * @param {{turnId: string, question: string, state: import("./run-state.js").RunState}[]} [turns]
 * @param {object|null} [analysis] the analysis' output, the "before" of a what_if
 * @param {{toEnd?: boolean}} [options] toEnd: scroll to the end even when the reader had scrolled up
 */
export function renderMessages(state, turns = [], analysis = null, { toEnd = false } = {}) {
  const box = $("#messages");
  const existing = new Map([...box.querySelectorAll("[data-key]")].map((n) => [n.dataset.key, n]));
  const nearBottom = toEnd || box.scrollHeight - box.scrollTop - box.clientHeight < 80;
  const wanted = [];
  const place = (key, make, update) => {
    const node = existing.get(key) ?? make();
    node.dataset.key = key;
    update(node);
    wanted.push(node);
  };
  const placeRun = (run) => {
    for (const item of run.timeline) {
      if (item.kind === "message") {
        const message = run.messages.get(item.id);
        if (message) place(`m-${item.id}`, () => messageBubble(message), (node) => updateBubble(node, message, run.isTerminal));
      } else {
        const call = run.toolCalls.get(item.id);
        // toolCallIds are unique within a run only (the offline advisor numbers its calls call_1, call_2... in every turn).
        if (call) place(`t-${run.runId}-${item.id}`, () => el("div", { class: "tool-call", "data-testid": "tool-call" }), (node) => updateToolCard(node, call, analysis));
      }
    }
    for (const error of run.errors) {
      place(`e-${run.runId}-${error.seq}`, () => el("p", { class: "bubble-error", "data-testid": "message-error" }),
        (node) => { node.textContent = `${error.message ?? "Something went wrong"}${error.retryable ? " — retrying" : ""}`; });
    }
  };
  if (state) placeRun(state);
  for (const turn of turns) {
    place(`q-${turn.turnId}`, () => el("article", { class: "bubble user", "data-testid": "question-bubble", "data-turn-id": turn.turnId },
      el("header", { class: "bubble-agent", text: "You" }), el("div", { class: "bubble-text" })),
    (node) => { $(".bubble-text", node).textContent = turn.question; });
    placeRun(turn.state);
    const end = turn.state.terminal;
    if (end && end.type !== "run_completed") {
      // A failure reads as an error; an answer the user stopped or a newer question interrupted, as a quiet note.
      place(`x-${turn.turnId}`, () => el("p", { class: end.type === "run_failed" ? "bubble-error" : "turn-note", "data-testid": "turn-end" }),
        (node) => { node.textContent = turnEndText(end); });
    }
  }
  for (const [key, node] of existing) if (!wanted.some((w) => w.dataset.key === key)) node.remove();
  wanted.forEach((node, i) => { if (box.children[i + 1] !== node) box.insertBefore(node, box.children[i + 1] ?? null); });
  $("#messages-empty").hidden = wanted.length > 0;
  const typingAgents = [...new Set([state, ...turns.map((t) => t.state)].filter(Boolean).flatMap((s) => [...s.typing.keys()]))];
  const typing = $("#typing");
  typing.hidden = typingAgents.length === 0;
  $(".typing-name", typing).textContent = typingAgents.map(agentName).join(", ");
  if (nearBottom) box.scrollTop = box.scrollHeight;
}

/** Why a turn ended without completing, in the page's words. */
function turnEndText(end) {
  if (end.type === "run_failed") return `The answer failed: ${end.message || end.code || "unknown error"}`;
  if (end.reason === PAGE_STOP_REASON) return "You stopped this answer.";
  if (end.reason === "interrupted") return "Interrupted by a newer question.";
  return end.reason ? `The answer was stopped: ${end.reason}.` : "The answer was stopped.";
}

function messageBubble(message) {
  return el("article", { class: "bubble", "data-testid": "message", "data-message-id": message.messageId, "data-agent": message.agent },
    el("header", { class: "bubble-agent", text: agentName(message.agent) }),
    el("div", { class: "bubble-text", "data-testid": "message-text" }));
}

/** A message is written (final), being written (busy), or cut short: its run ended first (partial, e.g. a stopped answer). */
function updateBubble(bubble, message, ended) {
  const text = bubble.querySelector(".bubble-text");
  if (text.textContent !== message.text) text.textContent = message.text;
  if (message.final) {
    bubble.dataset.final = "true";
    delete bubble.dataset.partial;
    bubble.removeAttribute("aria-busy");
  } else if (ended) {
    delete bubble.dataset.final;
    bubble.dataset.partial = "true";
    bubble.removeAttribute("aria-busy");
  } else {
    delete bubble.dataset.final;
    delete bubble.dataset.partial;
    bubble.setAttribute("aria-busy", "true");
  }
}

function updateToolCard(card, call, analysis) {
  const view = describeToolCall(call, analysis);
  if (card.dataset.status === view.status) return;
  card.dataset.status = view.status;
  card.dataset.tool = call.name;
  const what = view.rows.length && view.rows[0][2] !== ""
    ? el("table", { class: "tool-figures" },
      el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "" }), el("th", { scope: "col", text: "Now" }), el("th", { scope: "col", text: "After" }))),
      el("tbody", {}, ...view.rows.map(([label, before, after]) => el("tr", {}, el("th", { scope: "row", text: label }), el("td", { class: "n", text: before }), el("td", { class: "n", text: after })))))
    : view.rows.length ? el("dl", { class: "tool-facts" }, ...view.rows.flatMap(([label, value]) => [el("dt", { text: label }), el("dd", { text: value })])) : null;
  // replaceChildren would write a null child as the text "null": leave the missing parts out.
  card.replaceChildren(...[
    el("header", { class: "tool-title", "data-testid": "tool-title", text: `${view.status === "running" ? "Computing · " : ""}${view.title}` }),
    view.detail ? el("p", { class: "tool-error", "data-testid": "tool-error", text: view.detail }) : null,
    what,
  ].filter(Boolean));
}

export function clearMessages() {
  $("#messages").querySelectorAll("[data-key]").forEach((n) => n.remove());
  $("#messages-empty").hidden = false;
  $("#typing").hidden = true;
}

export function setStatus(text, status) {
  const node = $("#run-status");
  node.textContent = text;
  node.dataset.status = status;
}

function table(body, rows) {
  body.replaceChildren(...rows.map((cells) => el("tr", {}, ...cells.map((c, i) =>
    i === 0 ? el("th", { scope: "row", text: c }) : el("td", { class: "n", text: c })))));
}

function renderKpis(output) {
  const perf = output.performance ?? {};
  const risk = output.risk ?? {};
  const tiles = [
    ["Portfolio value", usd(output.totalValue), `${output.holdings?.length ?? 0} funds`],
    ["Return, 1 year", pct(perf.totalReturn1Y, 1), `${perf.benchmark ?? "Benchmark"} ${pct(perf.benchmarkTotalReturn1Y, 1)}`],
    ["Volatility", pct(risk.annualizedVolatility, 1), "per year"],
    ["Worst drawdown", pct(risk.maxDrawdown, 1), risk.lookbackDays ? `last ${risk.lookbackDays} trading days` : ""],
  ];
  $('[data-testid="kpis"]').replaceChildren(...tiles.map(([label, value, note]) =>
    el("div", { class: "kpi" }, el("dt", { text: label }), el("dd", {}, el("span", { class: "kpi-value", text: value }), note ? el("small", { text: note }) : null))));
}

/** Shade of a correlation in [-1, 1]: blue for negative, white at 0, orange-red for positive. */
function shade(value) {
  const t = Math.max(-1, Math.min(1, value));
  const [r, g, b] = t >= 0 ? [255, 255 - 135 * t, 255 - 195 * t] : [255 + 160 * t, 255 + 100 * t, 255];
  return `rgb(${Math.round(r)}, ${Math.round(g)}, ${Math.round(b)})`;
}

function renderCorrelations(matrix, lookbackDays) {
  const card = $('[data-testid="correlations"]');
  const tickers = matrix?.tickers;
  const values = matrix?.values;
  if (!Array.isArray(tickers) || !Array.isArray(values) || tickers.length < 2) {
    card.hidden = true;
    return;
  }
  card.hidden = false;
  $("#correlation-note").textContent = lookbackDays ? `over the last ${lookbackDays} trading days` : "";
  const table = $(".heatmap", card);
  $("thead", table).replaceChildren(el("tr", {}, el("td"), ...tickers.map((t) => el("th", { scope: "col", text: t }))));
  $("tbody", table).replaceChildren(...tickers.map((rowTicker, i) => el("tr", {},
    el("th", { scope: "row", text: rowTicker }),
    ...tickers.map((colTicker, j) => {
      const v = values[i]?.[j];
      const cell = el("td", { class: "n", text: typeof v === "number" ? v.toFixed(2) : "—", title: `${rowTicker} / ${colTicker}` });
      if (typeof v === "number") cell.style.background = shade(v);
      return cell;
    }))));
}

/** Each asset class against the risk profile's target (output.allocation, beyond the contract). */
function renderTargets(allocation, riskProfile) {
  const table = $('[data-testid="allocation-targets"]');
  const rows = Array.isArray(allocation) ? allocation.filter((a) => a && typeof a.weight === "number") : [];
  table.hidden = rows.length === 0;
  if (!rows.length) return;
  $("#targets-caption").textContent = `Against the ${riskProfile ?? "chosen"} profile's targets`;
  const points = (d) => `${d > 0 ? "+" : ""}${(d * 100).toFixed(1)} pts`;
  $("tbody", table).replaceChildren(...[...rows].sort((a, b) => b.weight - a.weight).map((a) =>
    el("tr", { class: a.outsideBand ? "off-target" : "", "data-outside-band": a.outsideBand ? "true" : "false" },
      el("th", { scope: "row" }, assetClassLabel(a.assetClass), a.outsideBand ? el("span", { class: "flag", text: " outside band" }) : null),
      el("td", { class: "n", text: pct(a.weight, 1) }),
      el("td", { class: "n", text: pct(a.target, 1) }),
      el("td", { class: "n", text: typeof a.drift === "number" ? points(a.drift) : "—" }))));
}

export function renderResults(output, riskProfile) {
  renderKpis(output);
  renderTargets(output.allocation, riskProfile);
  renderCorrelations(output.risk?.correlations, output.risk?.lookbackDays);
  $("#as-of").textContent = output.asOf ? `prices as of ${output.asOf}` : "";
  $("#total-value").textContent = `${usd(output.totalValue)} in ${output.holdings?.length ?? 0} funds`;
  const riskBody = $('[data-testid="risk-table"] tbody');
  riskBody.replaceChildren(...riskRows(output.risk ?? {}).map(([label, value, hint]) =>
    el("tr", { title: hint || null }, el("th", { scope: "row" }, label, hint ? el("small", { text: hint }) : null), el("td", { class: "n", text: value }))));
  $("#perf-benchmark").textContent = output.performance?.benchmark ?? "Benchmark";
  table($('[data-testid="performance-table"] tbody'), performanceRows(output.performance ?? {}));
  $('[data-testid="holdings-table"] tbody').replaceChildren(...(output.holdings ?? []).map((h) =>
    el("tr", {},
      el("th", { scope: "row" }, el("strong", { text: h.ticker }), el("small", { text: h.name ?? "" })),
      el("td", { text: assetClassLabel(h.assetClass) }),
      el("td", { class: "n", text: shares(h.shares) }),
      el("td", { class: "n", text: usd(h.price, 2) }),
      el("td", { class: "n", text: usd(h.marketValue) }),
      el("td", { class: "n", text: pct(h.weight, 1) }),
      el("td", { class: `n ${h.unrealizedGain < 0 ? "neg" : ""}`, text: h.unrealizedGain == null ? "—" : usd(h.unrealizedGain) }))));
  renderRecommendations(output.recommendations ?? []);
}

function renderRecommendations(recommendations) {
  const list = $("#recommendations");
  if (recommendations.length === 0) {
    list.replaceChildren(el("li", { class: "empty", text: "No changes recommended: the portfolio fits the chosen risk profile." }));
    return;
  }
  list.replaceChildren(...recommendations.map((r) => {
    const severity = String(r.severity ?? "info").toLowerCase();
    const trades = r.trades ?? [];
    return el("li", { class: `rec sev-${severity}`, "data-testid": "recommendation", "data-code": r.code ?? "" },
      el("div", { class: "rec-head" }, el("span", { class: "badge", text: severity }), el("strong", { text: r.title ?? r.code })),
      r.rationale ? el("p", { text: r.rationale }) : null,
      trades.length ? el("ul", { class: "trades", "aria-label": "Trades" }, ...trades.map((t) => {
        const action = String(t.action ?? "").toLowerCase();
        return el("li", { class: `trade ${action}`, "data-testid": "trade" },
          el("span", { class: "trade-action", text: action || "trade" }),
          el("span", { text: `${shares(t.shares)} ${t.ticker}` }),
          el("span", { class: "trade-amount", text: usd(t.amountUsd) }));
      })) : null);
  }));
}

/** Shows an ApiError (or any error) in words: title, detail and each named field. */
export function showError(error, target = $("#error")) {
  if (!error) {
    target.hidden = true;
    target.replaceChildren();
    return;
  }
  const lines = typeof error.errorLines !== "undefined" ? error.errorLines : [];
  target.replaceChildren(...[
    el("strong", { "data-testid": "error-title", text: error.message || "Something went wrong" }),
    error.detail ? el("p", { "data-testid": "error-detail", text: error.detail }) : null,
    lines.length ? el("ul", { "data-testid": "error-list" }, ...lines.map((l) => el("li", { text: l }))) : null,
  ].filter(Boolean));
  target.hidden = false;
}
