// A tool call of a conversation turn (CONTRACT.md, "Conversations"), described compactly: what was
// computed and its headline figures, before → after for what_if. Pure, so node's test runner checks it.

import { num, pct, shares, usd } from "./output-view.js";

const HEADLINES = [
  ["Volatility", (o) => o?.risk?.annualizedVolatility, pct],
  ["Max drawdown", (o) => o?.risk?.maxDrawdown, pct],
  ["VaR 95 %", (o) => o?.risk?.valueAtRisk95, pct],
  ["Sharpe", (o) => o?.risk?.sharpeRatio, num],
  ["Return 1Y", (o) => o?.performance?.totalReturn1Y, pct],
  ["Largest weight", (o) => o?.risk?.largestWeight, pct],
];

/** "sell 20 VTI, buy 15 BND" from what_if's `{ trades: [{ ticker, shares }] }`. */
export function tradesText(args) {
  const trades = Array.isArray(args?.trades) ? args.trades : [];
  if (trades.length === 0) return "no trades";
  return trades
    .map((t) => `${Number(t.shares) < 0 ? "sell" : "buy"} ${shares(Math.abs(Number(t.shares)))} ${t.ticker ?? "?"}`)
    .join(", ");
}

/**
 * @param {{name: string, arguments?: object, result?: object, error?: string, done: boolean}} call
 * @param {object|null} analysis the analysis' output: the "before" of what_if
 * @returns {{ title: string, status: "running"|"done"|"error", detail?: string, rows: [string, string, string][] }}
 *   rows are [label, before, after] for what_if and [label, value, ""] for holding_details
 */
export function describeToolCall(call, analysis) {
  const status = !call.done ? "running" : call.error ? "error" : "done";
  if (call.name === "what_if") {
    const title = `What if: ${tradesText(call.arguments)}`;
    if (status !== "done") return { title, status, detail: call.error, rows: [] };
    const rows = HEADLINES.map(([label, read, format]) => [label, format(read(analysis)), format(read(call.result))]);
    rows.push(["Total value", usd(analysis?.totalValue), usd(call.result?.totalValue)]);
    return { title, status, rows };
  }
  if (call.name === "holding_details") {
    const ticker = call.arguments?.ticker ?? call.result?.ticker ?? "?";
    const title = `Details of ${ticker}`;
    if (status !== "done") return { title, status, detail: call.error, rows: [] };
    const r = call.result ?? {};
    return {
      title: r.name ? `${title}: ${r.name}` : title,
      status,
      rows: [
        ["Weight", pct(r.weight), ""],
        ["Value", usd(r.marketValue), ""],
        ["Volatility", pct(r.annualizedVolatility), ""],
        ["Return 1Y", pct(r.totalReturn1Y), ""],
        ["Share of risk", pct(r.contributionToRisk), ""],
      ],
    };
  }
  return { title: `Tool ${call.name}`, status, detail: call.error, rows: [] };
}
