// Chart.js (vendor/chart.umd.min.js, global `Chart`) drawings of a completed analysis.

import { allocationByClass, calendarYearSeries, drawdownSeries, riskContributions } from "./output-view.js";

const PALETTE = ["#1f5fbf", "#d9822b", "#2e8b57", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d", "#b7950b", "#34495e", "#d35400"];
const charts = new Map();

function draw(canvas, config) {
  charts.get(canvas)?.destroy();
  const Chart = window.Chart;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = "#2b3340";
  const chart = new Chart(canvas, {
    ...config,
    options: { responsive: true, maintainAspectRatio: false, animation: { duration: 250 }, ...config.options },
  });
  charts.set(canvas, chart);
  return chart;
}

const percentTick = (digits = 0) => (v) => `${(v * 100).toFixed(digits)} %`;

export function drawAllocation(canvas, holdings) {
  const slices = allocationByClass(holdings);
  return draw(canvas, {
    type: "doughnut",
    data: {
      labels: slices.map((s) => s.label),
      datasets: [{ data: slices.map((s) => s.weight), backgroundColor: PALETTE, borderColor: "#fff", borderWidth: 2 }],
    },
    options: {
      cutout: "55%",
      plugins: {
        legend: { position: "bottom", labels: { boxWidth: 12 } },
        tooltip: { callbacks: { label: (c) => `${c.label}: ${(c.parsed * 100).toFixed(1)} %` } },
      },
    },
  });
}

/** @returns {boolean} false when the output carries no drawdown curve */
export function drawDrawdown(canvas, output) {
  const series = drawdownSeries(output);
  if (!series) return false;
  const datasets = [{
    label: "Portfolio", data: series.portfolio, borderColor: PALETTE[0], backgroundColor: "rgba(31,95,191,0.15)",
    fill: true, pointRadius: 0, borderWidth: 1.5,
  }];
  if (series.benchmark) {
    datasets.push({
      label: output?.risk?.benchmark ?? output?.performance?.benchmark ?? "Benchmark", data: series.benchmark,
      borderColor: PALETTE[1], pointRadius: 0, borderWidth: 1.5, borderDash: [4, 3],
    });
  }
  draw(canvas, {
    type: "line",
    data: { labels: series.labels, datasets },
    options: {
      interaction: { mode: "index", intersect: false },
      scales: { y: { max: 0, ticks: { callback: percentTick() } }, x: { ticks: { maxTicksLimit: 6, autoSkip: true } } },
      plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${(c.parsed.y * 100).toFixed(1)} %` } } },
    },
  });
  return true;
}

/** @returns {boolean} false when the output carries no risk contributions */
export function drawRiskContribution(canvas, output) {
  const rows = riskContributions(output);
  if (!rows) return false;
  draw(canvas, {
    type: "bar",
    data: {
      labels: rows.map((r) => r.ticker),
      datasets: [
        { label: "Share of risk", data: rows.map((r) => r.contribution), backgroundColor: PALETTE[0] },
        {
          label: "Weight",
          data: rows.map((r) => r.weight ?? output.holdings?.find((h) => h.ticker === r.ticker)?.weight ?? null),
          backgroundColor: "#9fb7dd",
        },
      ],
    },
    options: {
      indexAxis: "y",
      scales: { x: { ticks: { callback: percentTick() } } },
      plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${(c.parsed.x * 100).toFixed(1)} %` } } },
    },
  });
  return true;
}

/** @returns {boolean} false when the output carries no calendar-year returns */
export function drawCalendarYears(canvas, output) {
  const series = calendarYearSeries(output);
  if (!series) return false;
  const datasets = [{ label: "Portfolio", data: series.portfolio, backgroundColor: PALETTE[0] }];
  if (series.benchmark) datasets.push({ label: output.performance.benchmark ?? "Benchmark", data: series.benchmark, backgroundColor: PALETTE[1] });
  draw(canvas, {
    type: "bar",
    data: { labels: series.labels, datasets },
    options: {
      scales: { y: { ticks: { callback: percentTick() } } },
      plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${(c.parsed.y * 100).toFixed(1)} %` } } },
    },
  });
  return true;
}

export function clearCharts() {
  for (const chart of charts.values()) chart.destroy();
  charts.clear();
}
