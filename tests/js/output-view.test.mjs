// The page's reading of a completed analysis' output (web/js/output-view.js). Needs no server.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  allocationByClass, assetClassLabel, calendarYearSeries, drawdownSeries, pct, riskContributions, riskRows, summaryText,
} from "../../web/js/output-view.js";

const holdings = [
  { ticker: "VTI", assetClass: "us_equity", weight: 0.5, marketValue: 500 },
  { ticker: "VBR", assetClass: "us_equity", weight: 0.2, marketValue: 200 },
  { ticker: "BND", assetClass: "bonds", weight: 0.3, marketValue: 300 },
];

describe("output view", () => {
  it("groups weights by readable asset class, largest first", () => {
    const slices = allocationByClass(holdings);
    assert.deepEqual(slices.map((s) => s.label), ["US equity", "Bonds"]);
    assert.ok(Math.abs(slices[0].weight - 0.7) < 1e-12);
    assert.equal(slices[0].value, 700);
    assert.equal(assetClassLabel("intl_equity"), "International equity");
    assert.equal(assetClassLabel(undefined), "Other");
  });

  it("writes decimal fractions as percent and missing figures as a dash", () => {
    assert.equal(pct(0.1534), "15.34 %");
    assert.equal(pct(-0.1028, 1), "-10.3 %");
    assert.equal(pct(null), "—");
    assert.equal(pct(Number.NaN), "—");
  });

  it("reads a drawdown curve of points, with or without a benchmark", () => {
    const own = drawdownSeries({ performance: { drawdownCurve: [{ date: "2025-01-02", drawdown: 0 }, { date: "2025-01-03", drawdown: -0.02 }] } });
    assert.deepEqual(own, { labels: ["2025-01-02", "2025-01-03"], portfolio: [0, -0.02], benchmark: null });
    const withBenchmark = drawdownSeries({ performance: { drawdownCurve: [{ date: "2025-01-02", drawdown: -0.01, benchmarkDrawdown: -0.03 }] } });
    assert.deepEqual(withBenchmark, { labels: ["2025-01-02"], portfolio: [-0.01], benchmark: [-0.03] });
    const both = drawdownSeries({ performance: { drawdownCurve: { dates: ["d1"], portfolio: [-0.1], benchmark: [-0.2] } } });
    assert.deepEqual(both.benchmark, [-0.2]);
    assert.equal(drawdownSeries({ performance: {} }), null);
    assert.equal(drawdownSeries({ performance: { drawdownCurve: [] } }), null);
  });

  it("reads risk contributions as share of variance with weights, largest first", () => {
    const rows = riskContributions({ risk: { contributions: [
      { ticker: "BND", weight: 0.3, shareOfVariance: 0.05 },
      { ticker: "VTI", weight: 0.5, shareOfVariance: 0.8 },
    ] } });
    assert.deepEqual(rows, [{ ticker: "VTI", contribution: 0.8, weight: 0.5 }, { ticker: "BND", contribution: 0.05, weight: 0.3 }]);
    assert.equal(riskContributions({ risk: {}, holdings }), null);
  });

  it("marks partial calendar years", () => {
    const series = calendarYearSeries({ performance: { calendarYears: [
      { year: 2020, from: "2020-09-28", to: "2020-12-31", days: 66, portfolio: 0.1, benchmark: 0.15 },
      { year: 2021, from: "2021-01-04", to: "2021-12-31", days: 252, portfolio: 0.12, benchmark: 0.25 },
    ] } });
    assert.deepEqual(series.labels, ["2020*", "2021"]);
    assert.deepEqual(series.partial, ["2020: 2020-09-28 to 2020-12-31"]);
  });

  it("adds the optional risk ratios only when the output has them", () => {
    const base = { annualizedVolatility: 0.1, benchmark: "VTI" };
    assert.equal(riskRows(base).some(([label]) => label === "Sortino ratio"), false);
    const withSortino = riskRows({ ...base, sortinoRatio: 1.7 });
    assert.deepEqual(withSortino.find(([label]) => label === "Sortino ratio").slice(0, 2), ["Sortino ratio", "1.70"]);
  });

  it("summarises a node's figures in words", () => {
    assert.equal(summaryText({ annualizedVolatility: 0.1058, holdings: 10, nested: { a: 1 } }), "annualized volatility 10.6 % · holdings 10");
    assert.equal(summaryText(null), "");
  });
});

describe("describeToolCall", async () => {
  const { describeToolCall, tradesText } = await import("../../web/js/tool-view.js");
  const analysis = { totalValue: 1000, risk: { annualizedVolatility: 0.2, maxDrawdown: -0.3, valueAtRisk95: 0.02, sharpeRatio: 0.9, largestWeight: 0.6 }, performance: { totalReturn1Y: 0.1 } };

  it("names the trades, selling for negative shares", () => {
    assert.equal(tradesText({ trades: [{ ticker: "VTI", shares: -20 }, { ticker: "BND", shares: 15.5 }] }), "sell 20 VTI, buy 15.5 BND");
  });

  it("gives what_if's headline figures before and after", () => {
    const view = describeToolCall({
      name: "what_if", arguments: { trades: [{ ticker: "VTI", shares: -20 }] }, done: true,
      result: { totalValue: 1000, risk: { annualizedVolatility: 0.15, maxDrawdown: -0.25, valueAtRisk95: 0.015, sharpeRatio: 1.1, largestWeight: 0.4 }, performance: { totalReturn1Y: 0.08 } },
    }, analysis);
    assert.equal(view.status, "done");
    assert.deepEqual(view.rows[0], ["Volatility", "20.00 %", "15.00 %"]);
    assert.deepEqual(view.rows[3], ["Sharpe", "0.90", "1.10"]);
  });

  it("shows an error result as an error, without figures", () => {
    const view = describeToolCall({ name: "what_if", arguments: { trades: [] }, done: true, error: "No trades." }, analysis);
    assert.equal(view.status, "error");
    assert.equal(view.detail, "No trades.");
    assert.deepEqual(view.rows, []);
  });

  it("is running until the result arrives", () => {
    assert.equal(describeToolCall({ name: "holding_details", arguments: { ticker: "VTI" }, done: false }, analysis).status, "running");
  });
});
