// The page in a real Chromium (playwright-core) against the host at ADVISOR_BASE_URL: the golden path
// from a sample to settled bubbles and drawn charts, a rejected upload shown in words, and a live
// connection dropped mid-stream that recovers with the text intact. Screenshots go to test-results/.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { SKIP, BASE, REPO, RUN_TIMEOUT_MS, TOKENS, api } from "./support/env.mjs";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const RESULTS = join(dirname(fileURLToPath(import.meta.url)), "test-results");
const $t = (id) => `[data-testid="${id}"]`;

/** The run's output as the page's user sees it through the API. */
async function outputOf(page) {
  const { runId, user } = await page.evaluate(() => ({ runId: window.__advisor.runId, user: localStorage.getItem("advisor.userId") }));
  const response = await api(`/api/analyses/${runId}`, { user });
  assert.equal(response.status, 200, "the page's run is readable by the page's user");
  return (await response.json()).output;
}

async function settledTexts(page) {
  return page.$$eval(`${$t("message")}`, (nodes) => nodes.map((n) => ({
    final: n.dataset.final === "true", text: n.querySelector('[data-testid="message-text"]').textContent,
  })));
}

async function canvasInk(page, testId) {
  return page.$eval(`${$t(testId)} canvas`, (canvas) => {
    const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    let ink = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) ink++;
    return { ink, width: canvas.width, height: canvas.height };
  });
}

async function startSample(page, sample, persona) {
  await page.selectOption($t("sample-select"), sample);
  await page.waitForFunction(() => document.querySelector("#source-hint").textContent.startsWith("Sample"));
  await page.check($t(`persona-${persona}`));
  await page.focus($t("start"));
  await page.keyboard.press("Enter");
}

async function waitCompleted(page) {
  await page.waitForSelector(`${$t("run-status")}[data-status="completed"]`, { timeout: RUN_TIMEOUT_MS });
}

// The page names its user by the header itself, so it cannot sign in behind App Service Authentication.
const PAGE_SKIP = SKIP || (TOKENS.length > 0 && "token mode (ADVISOR_BEARER_TOKENS): the page sends the identity header itself");

describe("web page", { skip: PAGE_SKIP, timeout: RUN_TIMEOUT_MS * 4 }, () => {
  let browser;
  let context;
  let page;
  const pageErrors = [];

  before(async () => {
    mkdirSync(RESULTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(String(error)));
    await page.goto(`${BASE}/`);
    await page.waitForFunction(() => document.querySelector("#portfolio").value.length > 0);
  });

  after(async () => {
    await browser?.close();
  });

  it("goes from a sample to 100 %, settled bubbles equal to the output, and drawn charts", async () => {
    await startSample(page, "example.json", "xiaomei");
    await page.waitForSelector(`${$t("run-status")}[data-status="running"]`, { timeout: 30_000 });
    await page.waitForSelector($t("message"), { timeout: RUN_TIMEOUT_MS });
    await waitCompleted(page);

    assert.equal(await page.getAttribute($t("progress"), "aria-valuenow"), "100");
    const steps = await page.$$eval(`${$t("steps")} li`, (items) => items.map((li) => li.dataset.state));
    assert.deepEqual(steps, ["done", "done", "done", "done", "done"], "every step is done");
    assert.equal(await page.isHidden($t("typing")), true, "no typing indicator after the run");

    const output = await outputOf(page);
    const bubbles = await settledTexts(page);
    assert.ok(bubbles.every((b) => b.final), "every bubble settled (data-final)");
    assert.deepEqual(bubbles.map((b) => b.text), output.advice.messages, "bubbles show exactly the output's messages");
    assert.ok(bubbles.length > 1, "xiaomei writes several bubbles");

    const allocation = await canvasInk(page, "chart-allocation");
    assert.ok(allocation.ink > 1000, `the allocation chart is drawn (${allocation.ink} inked pixels)`);
    for (const id of ["chart-drawdown", "chart-risk-contribution", "chart-calendar-years"]) {
      if (await page.isVisible($t(id))) assert.ok((await canvasInk(page, id)).ink > 500, `${id} is drawn when shown`);
    }
    const recommendations = await page.$$($t("recommendation"));
    assert.equal(recommendations.length, output.recommendations.length, "one list item per recommendation");
    const risk = await page.textContent($t("risk-table"));
    assert.ok(risk.includes(`${(output.risk.annualizedVolatility * 100).toFixed(2)} %`), "volatility is shown in percent");
    const rows = await page.$$(`${$t("holdings-table")} tbody tr`);
    assert.equal(rows.length, output.holdings.length);

    await page.screenshot({ path: join(RESULTS, "golden-path.png"), fullPage: true });
    assert.deepEqual(pageErrors, [], "no uncaught errors on the page");
  });

  it("shows the results without serious accessibility violations (axe-core)", async () => {
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const result = await window.axe.run(document, { resultTypes: ["violations"] });
      return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")})`);
    });
    assert.deepEqual(violations, []);
  });

  it("shows a rejected upload (broken.csv) in words", async () => {
    await page.setInputFiles($t("file-input"), join(REPO, "data/portfolios/broken.csv"));
    await page.waitForFunction(() => document.querySelector("#portfolio").value.includes("ZZQX"));
    await page.click($t("start"));
    await page.waitForSelector(`${$t("error")}:not([hidden])`, { timeout: 30_000 });
    const title = (await page.textContent($t("error-title"))).trim();
    const text = await page.textContent($t("error"));
    assert.ok(title.length > 3, "the error has a title in words");
    assert.match(text, /ZZQX/, `the error names the unknown ticker: ${text}`);
    assert.doesNotMatch(text, /\bat \w+ \(|Exception|stack/i, "no stack trace is shown");
    assert.equal(await page.getAttribute($t("run-status"), "data-status"), "rejected");
    assert.equal(await page.isEnabled($t("start")), true, "the user can try again");
    await page.screenshot({ path: join(RESULTS, "bad-upload.png"), fullPage: true });
  });

  it("sends a screenshot as an image and shows the answer in words", async (t) => {
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
    const sent = page.waitForRequest((r) => r.url().includes("/api/analyses") && r.method() === "POST");
    await page.setInputFiles($t("file-input"), { name: "portfolio.png", mimeType: "image/png", buffer: png });
    assert.equal(await page.isDisabled($t("portfolio-input")), true, "the text box steps aside for a screenshot");
    await page.click($t("start"));
    const request = await sent;
    assert.equal(request.headers()["content-type"], "image/png");
    assert.match(request.url(), /persona=\w+/, "persona travels as a query parameter");
    const response = await request.response();
    if (response.status() === 202) {
      t.diagnostic("this host reads screenshots (a vision model is configured)");
      await page.click($t("stop"));
      return;
    }
    await page.waitForSelector(`${$t("error")}:not([hidden])`, { timeout: 10_000 });
    const text = await page.textContent($t("error"));
    assert.ok(text.trim().length > 10, `the ${response.status()} is explained in words: ${text}`);
    assert.doesNotMatch(text, /Exception|\bat \w+ \(/, "no stack trace is shown");
    t.diagnostic(`${response.status()}: ${text.trim().slice(0, 120)}`);
  });

  it("recovers a connection dropped mid-stream with the text intact", async (t) => {
    // Every hub WebSocket passes through a route the test can cut, as a network failure would.
    const sockets = [];
    let down = false;
    await page.routeWebSocket(() => true, (ws) => {
      if (down) return void ws.close({ code: 4001, reason: "network down (test)" });
      ws.connectToServer();
      sockets.push(ws);
    });
    // While "down", the hub's other transports and negotiation fail too, so the client cannot slip back in.
    await page.route((url) => /\/(negotiate|hubs\/)/.test(url.pathname), (route) => (down ? route.abort("internetdisconnected") : route.continue()));
    await page.reload();
    await page.waitForFunction(() => document.querySelector("#portfolio").value.length > 0);
    await page.waitForSelector(`${$t("connection-state")}[data-state="connected"]`, { timeout: 15_000 });
    await page.evaluate(() => {
      const live = window.__advisor.live;
      const show = live.handlers.onState;
      window.__advisor.states = [];
      live.handlers.onState = (state) => { window.__advisor.states.push(state); show(state); };
    });
    await startSample(page, "example.json", "xiaomei");
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="message"]')]
      .some((b) => b.dataset.final !== "true" && b.textContent.length > 0), null, { timeout: RUN_TIMEOUT_MS });

    const before = await settledTexts(page);
    await page.evaluate(() => { window.__advisor.caughtUp = 0; });
    if (sockets.length > 0) {
      down = true;
      await sockets.at(-1).close({ code: 4000, reason: "network drop (test)" });
      await page.waitForTimeout(3000);
      down = false;
      t.diagnostic(`cut the hub WebSocket for 3 s after ${before.length} bubble(s); the client reconnects by itself`);
    } else {
      await page.evaluate(() => window.__advisor.reconnect());
      t.diagnostic("the hub did not use a WebSocket; dropped through the page hook instead");
    }
    await waitCompleted(page);

    const output = await outputOf(page);
    const bubbles = await settledTexts(page);
    assert.ok(bubbles.every((b) => b.final), "every bubble settled after the drop");
    assert.deepEqual(bubbles.map((b) => b.text), output.advice.messages, "the text is intact after the drop");
    const caughtUp = await page.evaluate(() => window.__advisor.caughtUp);
    assert.ok(caughtUp > 0, "events missed during the drop were fetched with events?after=");
    t.diagnostic(`${caughtUp} events recovered by catch-up`);
    // The catch-up may finish the run before the hub is back (a fast model); the hub must come back all the same.
    const back = await page.waitForSelector(`${$t("connection-state")}[data-state="connected"]`, { timeout: 20_000 }).then(() => true, () => false);
    const states = await page.evaluate(() => window.__advisor.states);
    assert.ok(states.includes(sockets.length > 0 ? "reconnecting" : "connecting"), `the connection really dropped (states: ${states.join(", ")})`);
    assert.ok(back, `the connection is back (states: ${states.join(", ")})`);
    assert.deepEqual(pageErrors, [], "no uncaught errors on the page");
  });

  it("resumes a run after a reload mid-stream, every bubble rebuilt from the log", async () => {
    await startSample(page, "example.json", "xiaomei");
    await page.waitForSelector($t("message"), { timeout: RUN_TIMEOUT_MS });
    const runId = await page.evaluate(() => window.__advisor.runId);
    await page.reload();
    await page.waitForFunction((id) => window.__advisor?.runId === id, runId, { timeout: 10_000 });
    await waitCompleted(page);
    const output = await outputOf(page);
    const bubbles = await settledTexts(page);
    assert.deepEqual(bubbles.map((b) => b.text), output.advice.messages, "the reloaded page shows the whole reply");
    assert.ok(bubbles.every((b) => b.final));
    assert.equal(await page.getAttribute($t("progress"), "aria-valuenow"), "100");
  });

  it("stops a run with the Stop button", async (t) => {
    await startSample(page, "example.json", "xiaomei");
    await page.waitForSelector(`${$t("stop")}:not([disabled])`, { timeout: 30_000 });
    await page.click($t("stop"));
    const ended = await page.waitForSelector(`${$t("run-status")}:is([data-status="terminated"], [data-status="completed"])`, { timeout: 30_000 });
    if ((await ended.getAttribute("data-status")) === "completed") {
      t.skip("the run finished before Stop took effect (a very fast model); nothing to stop");
      return;
    }
    assert.match(await page.textContent($t("run-status")), /Stopped/);
    assert.equal(await page.isDisabled($t("stop")), true);
    assert.equal(await page.isHidden($t("typing")), true, "no typing indicator after a stop");
  });

  it("fits a phone-sized screen, results included", async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    try {
      const small = await phone.newPage();
      await small.goto(`${BASE}/`);
      await small.waitForFunction(() => document.querySelector("#portfolio").value.length > 0);
      const box = await small.locator($t("start")).boundingBox();
      assert.ok(box.height >= 44, "the start button is large enough to tap");
      await startSample(small, "example.json", "analyst");
      await waitCompleted(small);
      const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no horizontal scrolling on a phone, results included (overflow ${overflow}px)`);
      assert.ok((await canvasInk(small, "chart-allocation")).ink > 1000, "the allocation chart is drawn on a phone");
      await small.screenshot({ path: join(RESULTS, "phone.png"), fullPage: true });
    } finally {
      await phone.close();
    }
  });
});
