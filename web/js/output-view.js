// Turns a completed analysis' `output` (CONTRACT.md, "Output of a completed analysis") into the plain
// series and rows the page draws. Pure, so the shapes it accepts are tested under node. Parts the
// contract does not fix yet (drawdown curve, risk contributions) are read from the likely shapes and
// yield null when absent, so the page draws what exists.

const isNum = (v) => typeof v === "number" && Number.isFinite(v);

/** Percent text of a decimal fraction: 0.1534 → "15.34 %"; null/undefined → "—". */
export function pct(value, digits = 2) {
  return isNum(value) ? `${(value * 100).toFixed(digits)} %` : "—";
}

export function num(value, digits = 2) {
  return isNum(value) ? value.toFixed(digits) : "—";
}

export function usd(value, digits = 0) {
  if (!isNum(value)) return "—";
  return value.toLocaleString("en-US", { style: "currency", currency: "USD", maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function shares(value) {
  return isNum(value) ? value.toLocaleString("en-US", { maximumFractionDigits: 4 }) : "—";
}

const CLASS_WORDS = { us: "US", intl: "International", em: "Emerging markets", reit: "REIT", tips: "TIPS" };

/** Readable name of an asset class code: "us_equity" → "US equity", "real_estate" → "Real estate". */
export function assetClassLabel(code) {
  if (!code) return "Other";
  const words = String(code).split(/[_\s-]+/).filter(Boolean).map((w) => CLASS_WORDS[w.toLowerCase()] ?? w.toLowerCase());
  const text = words.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Weight per asset class, largest first: [{ label, weight, value }]. */
export function allocationByClass(holdings = []) {
  const byClass = new Map();
  for (const h of holdings) {
    const key = assetClassLabel(h.assetClass);
    const entry = byClass.get(key) ?? { label: key, weight: 0, value: 0 };
    entry.weight += isNum(h.weight) ? h.weight : 0;
    entry.value += isNum(h.marketValue) ? h.marketValue : 0;
    byClass.set(key, entry);
  }
  return [...byClass.values()].sort((a, b) => b.weight - a.weight);
}

function pick(obj, keys) {
  for (const k of keys) if (obj && obj[k] !== undefined) return obj[k];
  return undefined;
}

/**
 * The drawdown curve of the portfolio and, if given, its benchmark: { labels, portfolio, benchmark|null }
 * or null. Accepts an array of points ({ date, portfolio|drawdown, benchmark }) or parallel arrays.
 */
export function drawdownSeries(output) {
  const curve = pick(output?.performance, ["drawdownCurve", "drawdowns"]) ?? pick(output?.risk, ["drawdownCurve"]);
  if (!curve) return null;
  let labels, portfolio, benchmark;
  if (Array.isArray(curve)) {
    labels = curve.map((p) => pick(p, ["date", "d", "t"]));
    portfolio = curve.map((p) => pick(p, ["portfolio", "drawdown", "value"]));
    benchmark = curve.map((p) => pick(p, ["benchmark", "benchmarkDrawdown"]));
  } else if (typeof curve === "object") {
    labels = pick(curve, ["dates", "labels"]);
    portfolio = pick(curve, ["portfolio", "drawdown", "values"]);
    benchmark = pick(curve, ["benchmark", "benchmarkDrawdown"]);
  }
  if (!Array.isArray(labels) || !Array.isArray(portfolio) || !portfolio.some(isNum)) return null;
  const hasBenchmark = Array.isArray(benchmark) && benchmark.some(isNum);
  return { labels, portfolio, benchmark: hasBenchmark ? benchmark : null };
}

/** Each holding's share of portfolio risk: [{ ticker, contribution, weight? }] largest first, or null. */
export function riskContributions(output) {
  let raw = pick(output?.risk, ["contributions", "riskContributions", "contributionToRisk"]);
  let rows = null;
  if (Array.isArray(raw)) {
    rows = raw.map((r) => ({
      ticker: pick(r, ["ticker", "symbol"]),
      contribution: pick(r, ["shareOfVariance", "contribution", "share", "value", "percent"]),
      weight: pick(r, ["weight"]),
    }));
  } else if (raw && typeof raw === "object") {
    rows = Object.entries(raw).map(([ticker, contribution]) => ({ ticker, contribution }));
  } else {
    const holdings = output?.holdings ?? [];
    raw = holdings.filter((h) => isNum(pick(h, ["riskContribution", "contributionToRisk"])));
    if (raw.length) rows = raw.map((h) => ({ ticker: h.ticker, contribution: pick(h, ["riskContribution", "contributionToRisk"]) }));
  }
  rows = rows?.filter((r) => r.ticker && isNum(r.contribution));
  return rows?.length ? rows.sort((a, b) => b.contribution - a.contribution) : null;
}

/** Portfolio and benchmark return per calendar year: { labels, portfolio, benchmark } or null. */
export function calendarYearSeries(output) {
  const years = output?.performance?.calendarYears;
  if (!Array.isArray(years) || years.length === 0) return null;
  const label = (y) => (y.days && y.days < 240 ? `${y.year}*` : String(y.year));
  return {
    labels: years.map(label),
    portfolio: years.map((y) => y.portfolio),
    benchmark: years.some((y) => isNum(y.benchmark)) ? years.map((y) => y.benchmark) : null,
    partial: years.filter((y) => y.days && y.days < 240).map((y) => `${y.year}: ${y.from} to ${y.to}`),
  };
}

/** Rows of the risk table: [label, value text, hint]. */
export function riskRows(risk = {}) {
  const rows = [
    ["Annualised volatility", pct(risk.annualizedVolatility), "Standard deviation of daily returns × √252"],
    ["Maximum drawdown", pct(risk.maxDrawdown), "Worst fall from a previous high"],
    ["Value at risk (95 %, 1 day)", pct(risk.valueAtRisk95), "A day's loss exceeded one day in twenty"],
    ["Expected shortfall (95 %)", pct(risk.conditionalValueAtRisk95), "Average loss on those worst days"],
    [`Beta vs ${risk.benchmark ?? "benchmark"}`, num(risk.beta), "Sensitivity to the whole market"],
    [`Sharpe ratio (vs ${risk.riskFree ?? "T-bills"})`, num(risk.sharpeRatio), "Excess return per unit of risk"],
    ["Largest position", pct(risk.largestWeight), "Weight of the biggest holding"],
    ["Concentration (HHI)", num(risk.herfindahlIndex, 3), "Sum of squared weights; 1 = a single fund"],
    ["Lookback", isNum(risk.lookbackDays) ? `${risk.lookbackDays} trading days` : "—", ""],
  ];
  const benchmark = risk.benchmark ?? "the benchmark";
  const optional = [
    ["Sortino ratio", risk.sortinoRatio, num, "Like Sharpe, counting only downside swings"],
    [`Tracking error vs ${benchmark}`, risk.trackingError, pct, "How far returns stray from the benchmark, per year"],
    ["Information ratio", risk.informationRatio, num, "Excess return over the benchmark per unit of tracking error"],
    ["Up-market capture", risk.upCapture, pct, `Share of ${benchmark}'s gains on its up days`],
    ["Down-market capture", risk.downCapture, pct, `Share of ${benchmark}'s losses on its down days`],
  ];
  return [...rows, ...optional.filter(([, v]) => isNum(v)).map(([label, v, format, hint]) => [label, format(v), hint])];
}

/** Rows of the performance table: [period, portfolio text, benchmark text]. */
export function performanceRows(perf = {}) {
  return [
    ["1 year", pct(perf.totalReturn1Y), pct(perf.benchmarkTotalReturn1Y)],
    ["3 years", pct(perf.totalReturn3Y), pct(perf.benchmarkTotalReturn3Y)],
    ["3 years, per year (CAGR)", pct(perf.cagr3Y), "—"],
    [`Since ${perf.startDate ?? "start"}`, pct(perf.totalReturnSinceStart), pct(perf.benchmarkTotalReturnSinceStart)],
    ["Since start, per year (CAGR)", pct(perf.cagrSinceStart), "—"],
    ...(isNum(perf.maxDrawdownSinceStart) ? [["Worst drawdown since start", pct(perf.maxDrawdownSinceStart), "—"]] : []),
  ];
}

/** Milliseconds in words: 850 → "850 ms", 36822 → "36.8 s". */
export function duration(ms) {
  if (!isNum(ms)) return "";
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Readable text of a node's summary figures: { volatility: 0.12 } → "volatility 0.12". */
export function summaryText(summary) {
  if (!summary || typeof summary !== "object") return "";
  return Object.entries(summary)
    .slice(0, 4)
    .map(([key, value]) => {
      const label = key.replace(/([a-z])([A-Z0-9])/g, "$1 $2").replace(/(\d)([A-Z])/g, "$1$2").toLowerCase();
      if (isNum(value)) {
        const looksLikeFraction = Math.abs(value) < 5 && !Number.isInteger(value) && !/ratio|beta|days|count/i.test(key);
        return `${label} ${looksLikeFraction ? pct(value, 1) : value.toLocaleString("en-US", { maximumFractionDigits: 2 })}`;
      }
      if (value === null || typeof value === "object") return null;
      return `${label} ${value}`;
    })
    .filter(Boolean)
    .join(" · ");
}
