// The page's conversation in a real Chromium (playwright-core) against the host at ADVISOR_BASE_URL (the offline
// advisor when run by xunit): the message box once the analysis completes, a what-if question as the user's bubble,
// its tool call as a compact card whose figures equal the turn's tool_result, the answer streaming with the typing
// indicator, Stop on a turn, and a reload that restores the whole transcript before a further question.
// Screenshots go to test-results/.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { SKIP, BASE, RUN_TIMEOUT_MS, TOKENS, api, createClient, getEvents } from "./support/env.mjs";

const RESULTS = join(dirname(fileURLToPath(import.meta.url)), "test-results");
const $t = (id) => `[data-testid="${id}"]`;
const PAGE_SKIP = SKIP || (TOKENS.length > 0 && "token mode (ADVISOR_BEARER_TOKENS): the page sends the identity header itself");

/** The page's user (the random id it sends in x-ms-client-principal-id). */
const userOf = (page) => page.evaluate(() => localStorage.getItem("advisor.userId"));

/** Reads "10.17 %", "-9.60 %", "1.10", "$126,015" back into a number (a percent as a decimal fraction). */
function figure(text) {
  const t = text.replace(/[$,\s]/g, "");
  const n = Number.parseFloat(t);
  assert.ok(Number.isFinite(n), `"${text}" is a figure`);
  return t.endsWith("%") ? n / 100 : n;
}

async function startAnalysis(page, persona) {
  await page.selectOption($t("sample-select"), "example.json");
  await page.waitForFunction(() => document.querySelector("#source-hint").textContent.startsWith("Sample"));
  await page.check($t(`persona-${persona}`));
  await page.click($t("start"));
  await page.waitForSelector(`${$t("run-status")}[data-status="running"]`, { timeout: 30_000 });
}

async function waitCompleted(page) {
  await page.waitForSelector(`${$t("run-status")}[data-status="completed"]`, { timeout: RUN_TIMEOUT_MS });
}

/** Records, from now on, what the conversation box showed while it changed (a stream is seen, not inferred). */
async function watchConversation(page) {
  await page.evaluate(() => {
    const seen = { typing: new Set(), busy: 0, growing: new Set() };
    window.__seen = seen;
    const check = () => {
      const typing = document.querySelector('[data-testid="typing"]');
      if (!typing.hidden) seen.typing.add(typing.textContent.replace(/\s+/g, " ").trim());
      for (const bubble of document.querySelectorAll('[data-testid="message"][aria-busy="true"]')) {
        seen.busy++;
        seen.growing.add(`${bubble.dataset.messageId}:${bubble.textContent.length}`);
      }
    };
    new MutationObserver(check).observe(document.querySelector(".conversation"), { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

const seen = (page) => page.evaluate(() => ({ typing: [...window.__seen.typing], busy: window.__seen.busy, growing: window.__seen.growing.size }));

/** Asks `question` through the box; resolves with the new turn's id once the page shows the question. */
async function ask(page, question) {
  const before = await page.evaluate(() => window.__advisor.conversation.turns.length);
  await page.fill($t("question"), question);
  await page.press($t("question"), "Enter");
  await page.waitForFunction((n) => window.__advisor.conversation.turns.length > n, before, { timeout: 30_000 });
  return page.evaluate(() => window.__advisor.conversation.turns.at(-1).turnId);
}

async function waitTurnEnded(page, turnId) {
  await page.waitForFunction((id) => window.__advisor.conversation.turn(id)?.state.isTerminal, turnId, { timeout: RUN_TIMEOUT_MS });
  // The page renders on the next animation frame.
  await page.waitForFunction(() => new Promise((r) => requestAnimationFrame(() => r(true))));
}

/** What the page shows of the conversation, in order: [kind, text] with kind question, tool, answer, end. */
function transcriptOnPage(page) {
  return page.$$eval('#messages > [data-key]', (nodes) => nodes.map((n) => {
    const key = n.dataset.key;
    if (n.dataset.testid === "question-bubble") return { kind: "question", key, text: n.querySelector(".bubble-text").textContent };
    if (n.dataset.testid === "tool-call") return { kind: "tool", key, text: n.querySelector('[data-testid="tool-title"]').textContent, status: n.dataset.status };
    if (n.dataset.testid === "message") return { kind: "message", key, text: n.querySelector('[data-testid="message-text"]').textContent, final: n.dataset.final === "true", partial: n.dataset.partial === "true" };
    return { kind: n.dataset.testid ?? "other", key, text: n.textContent };
  }));
}

describe("conversation on the page", { skip: PAGE_SKIP, timeout: RUN_TIMEOUT_MS * 4 }, () => {
  let browser;
  let page;
  let analysisId;
  let analysis;
  const pageErrors = [];

  before(async () => {
    mkdirSync(RESULTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"],
    });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.on("pageerror", (error) => pageErrors.push(String(error)));
    await page.goto(`${BASE}/`);
    await page.waitForFunction(() => document.querySelector("#portfolio").value.length > 0);
  });

  after(async () => {
    await browser?.close();
  });

  it("shows the message box only once the analysis has completed", async () => {
    assert.equal(await page.isHidden($t("ask-form")), true, "no message box before an analysis");
    await startAnalysis(page, "xiaomei");
    assert.equal(await page.isHidden($t("ask-form")), true, "no message box while the analysis runs");
    await waitCompleted(page);
    await page.waitForSelector(`${$t("ask-form")}:not([hidden])`, { timeout: 10_000 });
    assert.equal(await page.isEnabled($t("ask")), true, "Send is enabled");
    assert.equal(await page.isDisabled($t("turn-stop")), true, "Stop answer is disabled with no answer under way");
    analysisId = await page.evaluate(() => window.__advisor.runId);
    const status = await (await api(`/api/analyses/${analysisId}`, { user: await userOf(page) })).json();
    analysis = status.output;
    assert.ok(analysis?.risk, "the analysis has its output");
  });

  it("asks a what-if: the user's bubble, a compact tool card with the tool_result's figures before → after, the answer streamed", async () => {
    assert.ok(analysis, "the analysis completed first");
    await watchConversation(page);
    const question = "What if I sell 20 VTI and buy 15 BND?";
    const turnId = await ask(page, question);
    const bubble = await page.waitForSelector(`${$t("question-bubble")}[data-turn-id="${turnId}"]`);
    assert.equal((await bubble.textContent()).replace(/^You/, ""), question, "the question shows as the user's bubble");
    assert.equal(await page.inputValue($t("question")), "", "the box is cleared once the question is accepted");
    await waitTurnEnded(page, turnId);

    const events = await getEvents(await userOf(page), turnId, 0);
    assert.equal(events.at(-1).type, "run_completed", `the turn completed: ${JSON.stringify(events.at(-1))}`);
    const result = events.find((e) => e.type === "tool_result" && e.name === "what_if");
    assert.ok(result?.result, "the turn's what_if answered with a result");

    const card = page.locator(`${$t("tool-call")}[data-key="t-${turnId}-${result.toolCallId}"]`);
    assert.equal(await card.getAttribute("data-status"), "done");
    assert.match(await card.locator($t("tool-title")).textContent(), /What if: sell 20 VTI, buy 15 BND/);
    const rows = await card.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    const expected = {
      Volatility: [analysis.risk.annualizedVolatility, result.result.risk.annualizedVolatility],
      "Max drawdown": [analysis.risk.maxDrawdown, result.result.risk.maxDrawdown],
      "VaR 95 %": [analysis.risk.valueAtRisk95, result.result.risk.valueAtRisk95],
      Sharpe: [analysis.risk.sharpeRatio, result.result.risk.sharpeRatio],
      "Return 1Y": [analysis.performance.totalReturn1Y, result.result.performance.totalReturn1Y],
      "Largest weight": [analysis.risk.largestWeight, result.result.risk.largestWeight],
      "Total value": [analysis.totalValue, result.result.totalValue],
    };
    assert.deepEqual(rows.map((r) => r[0]), Object.keys(expected), "the card shows the headline figures");
    for (const [label, before, after] of rows) {
      const [was, will] = expected[label];
      // Half the last digit shown: percents to 0.01 %, the Sharpe ratio to 0.01, dollars to $1.
      const tolerance = { "Total value": 0.5, Sharpe: 0.005 }[label] ?? 0.00005;
      assert.ok(Math.abs(figure(before) - was) <= tolerance, `${label} now: page ${before}, analysis ${was}`);
      assert.ok(Math.abs(figure(after) - will) <= tolerance, `${label} after: page ${after}, tool_result ${will}`);
    }
    assert.notEqual(rows[0][1], rows[0][2], "the trades change the volatility");

    const answers = events.filter((e) => e.type === "message").map((e) => e.content);
    const shown = (await transcriptOnPage(page)).filter((n) => n.key.startsWith("m-") && n.key.includes(turnId));
    assert.deepEqual(shown.map((n) => n.text), answers, "the answer's bubbles equal the turn's messages");
    assert.ok(shown.every((n) => n.final), "every answer bubble settled");
    const order = (await transcriptOnPage(page)).map((n) => n.key);
    const cardAt = order.indexOf(`t-${turnId}-${result.toolCallId}`);
    assert.ok(order.indexOf(`q-${turnId}`) < cardAt && cardAt < order.indexOf(shown[0].key), "question, then the tool card, then the answer");

    const watched = await seen(page);
    assert.ok(watched.typing.some((t) => /Xiaomei is typing/.test(t)), `the typing indicator showed during the answer: ${watched.typing.join(" | ")}`);
    assert.ok(watched.busy > 0, "an answer bubble was seen while still being written");
    assert.equal(await page.isHidden($t("typing")), true, "no typing indicator once the answer is done");
    assert.equal(await page.isEnabled($t("ask")), true, "Send is enabled again");
    await page.locator(".conversation").screenshot({ path: join(RESULTS, "conversation.png") });
  });

  it("tells about a holding in a compact card (holding_details)", async () => {
    const turnId = await ask(page, "Tell me about BND");
    await waitTurnEnded(page, turnId);
    const events = await getEvents(await userOf(page), turnId, 0);
    const result = events.find((e) => e.type === "tool_result" && e.name === "holding_details");
    assert.ok(result?.result, `holding_details answered: ${JSON.stringify(events.filter((e) => e.type.startsWith("tool")))}`);
    const card = page.locator(`${$t("tool-call")}[data-key="t-${turnId}-${result.toolCallId}"]`);
    assert.match(await card.locator($t("tool-title")).textContent(), /Details of BND/);
    const facts = await card.locator("dd").allTextContents();
    assert.ok(Math.abs(figure(facts[0]) - result.result.weight) <= 0.00005, `weight ${facts[0]} = ${result.result.weight}`);
    assert.ok(Math.abs(figure(facts[4]) - result.result.contributionToRisk) <= 0.00005, `share of risk ${facts[4]} = ${result.result.contributionToRisk}`);
  });

  it("restores the whole transcript after a reload, and a further question works", async () => {
    assert.ok(analysisId, "the analysis completed first");
    const beforeReload = await transcriptOnPage(page);
    await page.reload();
    await page.waitForSelector(`${$t("ask-form")}:not([hidden])`, { timeout: 30_000 });
    const turns = await api(`/api/analyses/${analysisId}/messages`, { user: await userOf(page) }).then((r) => r.json());
    const questions = turns.messages.filter((m) => m.role === "user");
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="question-bubble"]').length === n
      && window.__advisor.conversation.turns.every((t) => t.state.isTerminal), questions.length, { timeout: 30_000 });
    await page.waitForFunction(() => new Promise((r) => requestAnimationFrame(() => r(true))));
    const afterReload = await transcriptOnPage(page);
    assert.deepEqual(afterReload, beforeReload, "the reloaded page shows the same questions, tool cards, answers and notes, in order");
    assert.ok(afterReload.filter((n) => n.kind === "tool").length >= 2, "tool cards are restored");
    assert.deepEqual(afterReload.filter((n) => n.kind === "question").map((n) => n.text), questions.map((m) => m.content),
      "the questions are the transcript's");
    const answered = turns.messages.filter((m) => m.role === "assistant").map((m) => m.content);
    assert.deepEqual(afterReload.filter((n) => n.kind === "message").map((n) => n.text), answered,
      "the bubbles are the transcript's assistant messages (the analysis' advice, then each answer)");

    const turnId = await ask(page, "What if I buy 5 GLD?");
    await waitTurnEnded(page, turnId);
    const events = await getEvents(await userOf(page), turnId, 0);
    assert.equal(events.at(-1).type, "run_completed");
    const shown = await transcriptOnPage(page);
    assert.deepEqual(shown.slice(0, afterReload.length), afterReload, "the earlier transcript stays in place");
    assert.equal(shown.filter((n) => n.kind === "question").at(-1).text, "What if I buy 5 GLD?");
    assert.ok(shown.some((n) => n.kind === "tool" && /buy 5 GLD/.test(n.text)), "the new tool card shows");
    await page.locator(".conversation").screenshot({ path: join(RESULTS, "conversation-restored.png") });
    assert.deepEqual(pageErrors, [], "no uncaught errors on the page");
  });
});

// Stop needs an answer that is still being written when the button is pressed: ADVISOR_SLOW_BASE_URL is a host whose
// offline advisor writes slowly (xunit starts one with Advisor:OfflineTokensPerSecond = 30).
const SLOW = (process.env.ADVISOR_SLOW_BASE_URL ?? "").replace(/\/+$/, "");
const SLOW_SKIP = PAGE_SKIP || (!SLOW && "ADVISOR_SLOW_BASE_URL is not set (a host whose advisor writes slowly enough to stop)");

describe("stopping an answer on the page", { skip: SLOW_SKIP, timeout: RUN_TIMEOUT_MS * 2 }, () => {
  let browser;

  before(async () => {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
  });

  after(async () => {
    await browser?.close();
  });

  it("stops an answer mid-stream: the partial answer settles, no typing, a note says so, and it stays so after a reload", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const pageErrors = [];
    page.on("pageerror", (error) => pageErrors.push(String(error)));
    await page.goto(`${SLOW}/`);
    await page.waitForFunction(() => document.querySelector("#portfolio").value.length > 0);
    await startAnalysis(page, "analyst");
    await waitCompleted(page);
    const turnId = await ask(page, "What if I sell 10 VEA and buy 10 TIP?");
    // The answer is under way: a bubble of this turn is being written.
    await page.waitForSelector(`${$t("message")}[aria-busy="true"][data-message-id^="${turnId}"]`, { timeout: RUN_TIMEOUT_MS });
    assert.equal(await page.isEnabled($t("turn-stop")), true, "Stop answer is enabled while the answer is written");
    assert.equal(await page.isDisabled($t("ask")), true, "Send waits while an answer is written (one turn at a time)");
    await page.click($t("turn-stop"));
    await waitTurnEnded(page, turnId);

    const user = await userOf(page);
    const slow = createClient({ base: SLOW });
    const events = await slow.getEvents(user, turnId, 0);
    assert.equal(events.at(-1).type, "run_terminated", `the turn was terminated: ${JSON.stringify(events.at(-1))}`);
    assert.equal(await page.textContent($t("turn-end")), "You stopped this answer.");
    assert.equal(await page.isHidden($t("typing")), true, "no typing indicator after a stop");
    const shown = (await transcriptOnPage(page)).filter((n) => n.kind === "message" && n.key.includes(turnId));
    assert.ok(shown.some((n) => n.partial), "the answer cut short is marked partial");
    assert.equal(await page.locator(`${$t("message")}[aria-busy="true"]`).count(), 0, "no bubble still shows the writing cursor");
    assert.equal(await page.isEnabled($t("ask")), true, "another question may be asked");
    assert.equal(await page.isDisabled($t("turn-stop")), true);
    await page.locator(".conversation").screenshot({ path: join(RESULTS, "conversation-stopped.png") });

    const before = await transcriptOnPage(page);
    await page.reload();
    await page.waitForSelector(`${$t("turn-end")}`, { timeout: 30_000 });
    await page.waitForFunction(() => new Promise((r) => requestAnimationFrame(() => r(true))));
    assert.deepEqual(await transcriptOnPage(page), before, "the stopped answer reloads as it was");
    const transcript = await slow.api(`/api/analyses/${await page.evaluate(() => window.__advisor.runId)}/messages`, { user }).then((r) => r.json());
    const partial = transcript.messages.filter((m) => m.turnId === turnId && m.partial);
    assert.deepEqual(partial.map((m) => m.content), shown.filter((n) => n.partial).map((n) => n.text), "the transcript keeps the partial answer as shown");
    assert.deepEqual(pageErrors, [], "no uncaught errors on the page");
  });
});
