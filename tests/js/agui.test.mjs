// ADVISOR_BASE_URL: POST /api/agui with the real @ag-ui/client 1.0.0 HttpAgent, whose own verifier rejects any event
// out of order (a message, tool call or step not opened and closed, anything after RUN_FINISHED): an analysis run and
// then a what-if turn on the same thread, compared with the project's own events and status.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { HttpAgent, EventType } from "@ag-ui/client";
import { SKIP, BASE, NODES, portfolio, newUser, needPrincipals, identity, api, getEvents, waitForStatus } from "./support/env.mjs";

/** Runs the agent once, returning the AG-UI events it received and the run's result. */
async function run(agent) {
  const events = [];
  const { result } = await agent.runAgent({ runId: randomUUID() }, { onEvent: ({ event }) => { events.push(event); } });
  return { events, result };
}

/** The text of each message, assembled from TEXT_MESSAGE_CONTENT deltas, in the order the messages started. */
function texts(events) {
  const order = [];
  const text = new Map();
  for (const e of events) {
    if (e.type === EventType.TEXT_MESSAGE_START) { order.push(e.messageId); text.set(e.messageId, ""); }
    if (e.type === EventType.TEXT_MESSAGE_CONTENT) text.set(e.messageId, text.get(e.messageId) + e.delta);
  }
  return order.map((id) => ({ id, text: text.get(id) }));
}

const finals = (projectEvents) => projectEvents.filter((e) => e.type === "message").map((e) => ({ id: e.messageId, text: e.content }));

const agentFor = (user, threadId) => new HttpAgent({ url: `${BASE}/api/agui`, headers: identity(user), threadId });

test("an analysis and a what-if turn on one thread with @ag-ui/client", { skip: SKIP, timeout: 600_000 }, async () => {
  const user = newUser("agui");
  const agent = agentFor(user, `thread-${randomUUID()}`);
  agent.addMessage({ id: randomUUID(), role: "user", content: portfolio("example.json") });

  const analysis = await run(agent);
  const types = analysis.events.map((e) => e.type);
  assert.equal(types[0], EventType.RUN_STARTED);
  assert.equal(types.at(-1), EventType.RUN_FINISHED);
  assert.deepEqual(analysis.events.filter((e) => e.type === EventType.STEP_STARTED).map((e) => e.stepName), NODES);
  assert.deepEqual(analysis.events.filter((e) => e.type === EventType.STEP_FINISHED).map((e) => e.stepName), NODES);
  assert.ok(analysis.events.some((e) => e.type === EventType.CUSTOM && e.name === "typing"), "typing travels as a CUSTOM event");

  const analysisId = analysis.result?.runId;
  assert.match(analysisId ?? "", /^[0-9a-f]{32}$/, "RUN_FINISHED.result names the project's run");
  const projectEvents = await getEvents(user, analysisId);
  assert.deepEqual(texts(analysis.events), finals(projectEvents), "the assembled text equals the project's message contents");
  assert.ok(finals(projectEvents).length > 0);
  const status = await waitForStatus(user, analysisId);
  assert.equal(agent.state.analysisId, analysisId);
  assert.deepEqual(agent.state.output, status.output, "the STATE_SNAPSHOT carries the analysis output");

  agent.addMessage({ id: randomUUID(), role: "user", content: "What if I sell 20 VTI?" });
  const turn = await run(agent);
  assert.equal(turn.events[0].type, EventType.RUN_STARTED);
  assert.equal(turn.events.at(-1).type, EventType.RUN_FINISHED);
  const turnId = turn.result?.runId;
  assert.ok(turnId && turnId !== analysisId, "a later run on the thread is a new turn");
  const turnEvents = await getEvents(user, turnId);
  assert.equal(turnEvents[0].kind, "turn");
  assert.equal(turnEvents[0].conversationId, analysisId, "the turn belongs to the thread's analysis");

  const start = turn.events.find((e) => e.type === EventType.TOOL_CALL_START);
  assert.equal(start?.toolCallName, "what_if");
  const call = turnEvents.find((e) => e.type === "tool_call");
  assert.equal(start.toolCallId, call.toolCallId);
  const args = turn.events.filter((e) => e.type === EventType.TOOL_CALL_ARGS && e.toolCallId === start.toolCallId).map((e) => e.delta).join("");
  assert.deepEqual(JSON.parse(args), call.arguments, "TOOL_CALL_ARGS carry the what_if arguments");
  assert.ok(turn.events.some((e) => e.type === EventType.TOOL_CALL_END && e.toolCallId === start.toolCallId));
  const result = turn.events.find((e) => e.type === EventType.TOOL_CALL_RESULT && e.toolCallId === start.toolCallId);
  const logged = turnEvents.find((e) => e.type === "tool_result");
  assert.deepEqual(JSON.parse(result.content), logged.result, "TOOL_CALL_RESULT carries the what_if result");
  assert.deepEqual(texts(turn.events), finals(turnEvents), "the turn's text equals its message contents");
  assert.ok(finals(turnEvents).length > 0);
  assert.ok(agent.messages.some((m) => m.role === "tool" && m.toolCallId === start.toolCallId), "the client recorded the tool result");
});

test("another user's thread is 404 problem details before any event; bad input 400", { skip: SKIP || needPrincipals(2), timeout: 600_000 }, async () => {
  const owner = newUser("agui-owner");
  const threadId = `thread-${randomUUID()}`;
  const agent = agentFor(owner, threadId);
  agent.addMessage({ id: randomUUID(), role: "user", content: portfolio("example.json") });
  await run(agent);

  const body = JSON.stringify({ threadId, runId: randomUUID(), messages: [{ id: "m1", role: "user", content: "What if I sell 20 VTI?" }], tools: [], context: [], state: {}, forwardedProps: {} });
  const stranger = await api("/api/agui", { user: newUser("agui-stranger"), method: "POST", headers: { "content-type": "application/json", accept: "text/event-stream" }, body });
  assert.equal(stranger.status, 404);
  assert.match(stranger.headers.get("content-type") ?? "", /application\/problem\+json/);

  const missing = await api("/api/agui", { user: owner, method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messages: "no" }) });
  assert.equal(missing.status, 400);
  const problem = await missing.json();
  assert.ok(problem.errors.threadId && problem.errors.runId && problem.errors.messages, "each bad field is named");

  const noPortfolio = await api("/api/agui", {
    user: owner, method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ threadId: `thread-${randomUUID()}`, runId: "r", messages: [], state: {} }),
  });
  assert.equal(noPortfolio.status, 400);
  assert.ok((await noPortfolio.json()).errors.messages);
});
