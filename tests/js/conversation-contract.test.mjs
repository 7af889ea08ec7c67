// CONTRACT.md "Conversations (1.1)" checked from the outside with the real @microsoft/signalr client, against the
// host at ADVISOR_BASE_URL: a turn's events live and replayed by the rules, the transcript, double texting (409 with
// runningTurnId, then ?multitask=interrupt), and another user's 404s and silent hub. (The analysis' own rules are
// contract.test.mjs's.)
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { SKIP, RUN_TIMEOUT_MS, api, connectHub, getEvents, needPrincipals, newUser, portfolio, sleep, startJson, waitForStatus } from "./support/env.mjs";
import { assertTurnEvents, finalMessages, mergeBySeq } from "./support/event-rules.mjs";

const example = JSON.parse(portfolio("example.json"));
const TERMINAL = ["run_completed", "run_failed", "run_terminated"];

async function ask(user, analysisId, content, query = "") {
  const response = await api(`/api/analyses/${analysisId}/messages${query}`, {
    user, method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ content }),
  });
  const text = await response.text();
  return { response, body: text ? JSON.parse(text) : null };
}

function assertStarted({ response, body }) {
  assert.equal(response.status, 202, `a question must answer 202, got ${response.status} ${JSON.stringify(body)}`);
  for (const field of ["id", "statusQueryGetUri", "eventsUri", "terminatePostUri"]) assert.equal(typeof body[field], "string", `202 body needs "${field}"`);
  assert.ok(response.headers.get("location"), "202 needs a Location header");
  return body.id;
}

async function assertProblem(response, status) {
  assert.equal(response.status, status, `expected ${status}, got ${response.status}`);
  assert.match(response.headers.get("content-type") ?? "", /application\/problem\+json/);
  return response.json();
}

describe("conversation contract", { skip: SKIP, timeout: RUN_TIMEOUT_MS * 3 }, () => {
  const owner = newUser("talker");
  const stranger = newUser("eavesdropper");
  const strangerSkip = needPrincipals(2);
  let hub;
  let strangerHub;
  let analysisId;
  let firstTurn;

  before(async () => {
    hub = await connectHub(owner);
    if (!strangerSkip) strangerHub = await connectHub(stranger);
    const { response, body } = await startJson(owner, { ...example, persona: "xiaomei" });
    assert.equal(response.status, 202);
    analysisId = body.id;
    const status = await waitForStatus(owner, analysisId);
    assert.equal(status.runtimeStatus, "Completed", "the analysis completes before it is questioned");
  });

  after(async () => {
    await hub?.stop();
    await strangerHub?.stop();
  });

  it("streams a what-if turn over SignalR by the rules, equal to its replay, and its output names the tool call", async () => {
    const question = "What if I sell 20 VTI and buy 15 BND?";
    const turnId = assertStarted(await ask(owner, analysisId, question));
    firstTurn = { turnId, question };
    await hub.waitFor((events) => events.some((e) => e.runId === turnId && TERMINAL.includes(e.type)));
    const live = hub.events.filter((e) => e.runId === turnId);
    const replayed = await getEvents(owner, turnId, 0);
    assert.deepEqual(live.toSorted((a, b) => a.seq - b.seq), replayed, "the turn's events over SignalR equal events?after=0");
    assert.equal(new Set(live.map((e) => e.seq)).size, live.length, "no event reaches the hub twice");
    const events = mergeBySeq(live, replayed);
    const { calls, results } = assertTurnEvents(events, { runId: turnId, conversationId: analysisId, persona: "xiaomei" });
    assert.deepEqual(calls.map((c) => [c.name, c.arguments]), [["what_if", { trades: [{ ticker: "VTI", shares: -20 }, { ticker: "BND", shares: 15 }] }]],
      "the offline advisor reads the question as one what_if call");
    const result = results[0].result;
    assert.ok(result.risk && result.performance && Array.isArray(result.holdings) && typeof result.totalValue === "number", "what_if's result shape");
    const vti = result.holdings.find((h) => h.ticker === "VTI");
    const held = example.holdings.find((h) => h.ticker === "VTI").shares;
    assert.equal(vti.shares, held - 20, "VTI after selling 20");
    assert.ok(Math.abs(result.holdings.reduce((s, h) => s + h.weight, 0) - 1) < 1e-9, "the weights after the trades sum to 1");

    const status = await waitForStatus(owner, turnId);
    assert.equal(status.runtimeStatus, "Completed");
    const output = status.output;
    assert.equal(output.conversationId, analysisId);
    assert.equal(output.question, question);
    assert.deepEqual(output.advice.messages, finalMessages(events).map((e) => e.content), "the turn's output messages are its final messages");
    assert.equal(output.advice.model, "offline");
    assert.deepEqual(output.toolCalls.map((c) => [c.toolCallId, c.name]), calls.map((c) => [c.toolCallId, c.name]));
    assert.deepEqual(output.toolCalls[0].result, result, "the output's tool result is the tool_result event's");
  });

  it("returns the transcript: the analysis' advice, then the question and the messages of its answer", async () => {
    assert.ok(firstTurn, "the first turn ran");
    const response = await api(`/api/analyses/${analysisId}/messages`, { user: owner });
    assert.equal(response.status, 200);
    const transcript = await response.json();
    assert.equal(transcript.conversationId, analysisId);
    const advice = (await waitForStatus(owner, analysisId)).output.advice.messages;
    const answer = finalMessages(await getEvents(owner, firstTurn.turnId, 0));
    const expected = [
      ...advice.map((content) => ({ role: "assistant", content, turnId: analysisId })),
      { role: "user", content: firstTurn.question, turnId: firstTurn.turnId },
      ...answer.map((m) => ({ role: "assistant", content: m.content, turnId: firstTurn.turnId, messageId: m.messageId })),
    ];
    const got = transcript.messages.slice(0, expected.length);
    assert.deepEqual(got.map(({ role, content, turnId }) => ({ role, content, turnId })), expected.map(({ role, content, turnId }) => ({ role, content, turnId })));
    for (const [i, m] of got.entries()) {
      assert.ok(typeof m.ts === "string" && !Number.isNaN(Date.parse(m.ts)), `message ${i} has a ts`);
      if (m.role === "assistant") assert.equal(typeof m.messageId, "string", `assistant message ${i} has a messageId`);
      if (expected[i].messageId) assert.equal(m.messageId, expected[i].messageId, "the answer's messageIds are its events'");
      assert.equal(m.partial, undefined, "a completed answer has no partial message");
    }
  });

  it("answers a second question while a turn runs with 409 and runningTurnId; ?multitask=interrupt terminates it and starts the new one", async () => {
    const first = assertStarted(await ask(owner, analysisId, "Tell me about BND"));
    const refused = await ask(owner, analysisId, "What if I buy 5 GLD?");
    assert.equal(refused.response.status, 409, `double texting must answer 409, got ${refused.response.status} ${JSON.stringify(refused.body)}`);
    assert.match(refused.response.headers.get("content-type") ?? "", /application\/problem\+json/);
    assert.equal(refused.body.runningTurnId, first, "the 409 names the running turn");

    const second = assertStarted(await ask(owner, analysisId, "What if I buy 5 GLD?", "?multitask=interrupt"));
    assert.notEqual(second, first);
    const firstEnd = await waitForStatus(owner, first);
    assert.equal(firstEnd.runtimeStatus, "Terminated", "the interrupted turn is Terminated");
    const firstEvents = await getEvents(owner, first, 0);
    assertTurnEvents(firstEvents, { runId: first, conversationId: analysisId, persona: "xiaomei", terminalType: "run_terminated" });
    assert.equal(firstEvents.at(-1).reason, "interrupted", "run_terminated carries the reason interrupted");

    await hub.waitFor((events) => events.some((e) => e.runId === second && TERMINAL.includes(e.type)));
    const secondEvents = mergeBySeq(hub.events.filter((e) => e.runId === second), await getEvents(owner, second, 0));
    assertTurnEvents(secondEvents, { runId: second, conversationId: analysisId, persona: "xiaomei" });
    const transcript = await (await api(`/api/analyses/${analysisId}/messages`, { user: owner })).json();
    assert.deepEqual(transcript.messages.filter((m) => m.role === "user").map((m) => m.turnId), [firstTurn.turnId, first, second],
      "every question stays in the transcript, the interrupted one included");
  });

  it("answers 404 to another user for the conversation and its turns, whose hub receives none of their events", { skip: strangerSkip }, async () => {
    assert.ok(firstTurn, "the first turn ran");
    await assertProblem(await api(`/api/analyses/${analysisId}/messages`, { user: stranger }), 404);
    const posted = await api(`/api/analyses/${analysisId}/messages`, {
      user: stranger, method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ content: "What if I sell 1 VTI?" }),
    });
    await assertProblem(posted, 404);
    for (const path of [`/api/analyses/${firstTurn.turnId}`, `/api/analyses/${firstTurn.turnId}/events?after=0`]) {
      await assertProblem(await api(path, { user: stranger }), 404);
    }
    await assertProblem(await api(`/api/analyses/${firstTurn.turnId}/terminate?reason=stranger`, { user: stranger, method: "POST" }), 404);
    await sleep(300);
    const turns = new Set(hub.events.filter((e) => e.type === "run_started" && e.kind === "turn").map((e) => e.runId));
    assert.ok(turns.size >= 1, "the owner's hub saw the turns");
    assert.equal(strangerHub.events.filter((e) => turns.has(e.runId) || e.runId === analysisId).length, 0,
      "another user's hub connection receives none of the conversation's events");
  });
});
