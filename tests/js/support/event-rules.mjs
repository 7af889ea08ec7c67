// The contract's rules for one run's event list (CONTRACT.md, "Events"), as assertions whose
// messages name the rule and the offending event, so a failure reads as a contract violation.
import assert from "node:assert/strict";
import { NODES, TERMINAL } from "./env.mjs";

const CAMEL = /^[a-z][a-zA-Z0-9]*$/;
const SNAKE = /^[a-z]+(_[a-z]+)*$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]00:?00)$/;
const show = (e) => JSON.stringify(e).slice(0, 240);

/** Events by seq from several sources; two different events under one seq is a violation. */
export function mergeBySeq(...lists) {
  const bySeq = new Map();
  for (const event of lists.flat()) {
    const known = bySeq.get(event.seq);
    if (known) assert.deepEqual(event, known, `two different events share seq ${event.seq}`);
    else bySeq.set(event.seq, event);
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** Messages a client shows: message events not discarded by a retryable error, in seq order. */
export function finalMessages(events) {
  const discarded = new Set(events.filter((e) => e.type === "error" && e.retryable && e.messageId).map((e) => e.messageId));
  return events.filter((e) => e.type === "message" && !discarded.has(e.messageId));
}

/**
 * Asserts every per-run rule of the contract on `events` (a complete run, sorted by seq).
 * @param {object[]} events
 * @param {{ runId: string, persona: string, terminalType?: string, nodes?: string[] }} expected nodes: the run's nodes (a turn: ["advisor"])
 */
export function assertRunEvents(events, { runId, persona, terminalType = "run_completed", nodes = NODES }) {
  assert.ok(events.length > 0, "the run has no events");
  events.forEach((e, i) => assert.equal(e.seq, i + 1, `seq must run 1..n with no gap or repeat: position ${i} holds seq ${e.seq}`));

  for (const e of events) {
    assert.equal(e.runId, runId, `runId of seq ${e.seq} must equal the run id`);
    assert.match(e.type ?? "", SNAKE, `type must be snake_case: ${show(e)}`);
    for (const key of Object.keys(e)) assert.match(key, CAMEL, `field names must be camelCase: "${key}" in ${show(e)}`);
    assert.ok(typeof e.ts === "string" && ISO_UTC.test(e.ts) && !Number.isNaN(Date.parse(e.ts)), `ts must be ISO 8601 UTC: ${show(e)}`);
  }

  assert.equal(events[0].type, "run_started", "run_started must be the first event");
  assert.deepEqual(events[0].nodes, nodes, `run_started must name the nodes ${nodes.join(",")} in order`);

  for (const node of nodes) {
    const started = events.filter((e) => e.type === "node_started" && e.node === node);
    const completed = events.filter((e) => e.type === "node_completed" && e.node === node);
    if (terminalType !== "run_completed" && completed.length === 0) continue;
    assert.ok(started.length >= 1, `node ${node} must have a node_started`);
    assert.equal(completed.length, 1, `node ${node} must have exactly one node_completed`);
    const done = completed[0];
    assert.ok(started[0].seq < done.seq, `node ${node}: node_started must come before node_completed`);
    assert.ok(Number.isInteger(done.percent) && done.percent >= 0 && done.percent <= 100, `node_completed percent must be 0..100: ${show(done)}`);
    assert.ok(typeof done.durationMs === "number" && done.durationMs >= 0, `node_completed durationMs must be a number: ${show(done)}`);
    assert.ok(done.summary && typeof done.summary === "object" && !Array.isArray(done.summary), `node_completed summary must be an object: ${show(done)}`);
  }
  const percents = events.filter((e) => e.type === "node_completed").map((e) => e.percent);
  percents.forEach((p, i) => assert.ok(i === 0 || p >= percents[i - 1], `percent must not fall: ${percents.join(",")}`));

  const discarded = new Set(events.filter((e) => e.type === "error" && e.retryable && e.messageId).map((e) => e.messageId));
  const texts = new Map();
  const finals = new Map();
  for (const e of events) {
    if (e.type === "token") {
      assert.equal(e.streaming, true, `token must have streaming true: ${show(e)}`);
      assert.equal(e.final, false, `token must have final false: ${show(e)}`);
      assert.ok(e.messageId && typeof e.delta === "string" && e.agent, `token needs agent, messageId, delta: ${show(e)}`);
      assert.ok(!finals.has(e.messageId), `no token may follow its message's final message: ${show(e)}`);
      texts.set(e.messageId, (texts.get(e.messageId) ?? "") + e.delta);
    } else if (e.type === "message") {
      assert.equal(e.streaming, false, `message must have streaming false: ${show(e)}`);
      assert.equal(e.final, true, `message must have final true: ${show(e)}`);
      assert.ok(e.messageId && typeof e.content === "string" && e.agent, `message needs agent, messageId, content: ${show(e)}`);
      assert.ok(!finals.has(e.messageId), `one final message per messageId: ${e.messageId}`);
      finals.set(e.messageId, e);
    } else if (e.type === "typing") {
      assert.ok(e.agent && typeof e.typing === "boolean", `typing needs agent and a boolean typing: ${show(e)}`);
    } else if (e.type === "error") {
      assert.ok(e.code && typeof e.message === "string" && typeof e.retryable === "boolean", `error needs code, message, retryable: ${show(e)}`);
    }
  }
  for (const [messageId, message] of finals) {
    if (discarded.has(messageId)) continue;
    assert.equal(texts.get(messageId) ?? "", message.content,
      `the deltas of ${messageId} must concatenate in seq order to its message content`);
  }
  for (const messageId of texts.keys()) {
    assert.ok(finals.has(messageId) || discarded.has(messageId) || terminalType !== "run_completed",
      `streamed message ${messageId} has neither a final message nor a retryable error`);
  }

  const terminals = events.filter((e) => TERMINAL.has(e.type));
  assert.equal(terminals.length, 1, `exactly one terminal event, got ${terminals.map((e) => e.type).join(",")}`);
  assert.equal(events.at(-1).type, terminalType, `the terminal event (${terminalType}) must be the last event`);

  if (terminalType === "run_completed") {
    const shown = finalMessages(events);
    if (persona === "xiaomei") {
      assert.ok(events.some((e) => e.type === "typing" && e.typing === true), "xiaomei must send typing events");
      assert.ok(shown.length > 1, `xiaomei must write more than one message, wrote ${shown.length}`);
    } else {
      assert.ok(shown.length >= 1, `${persona} must write at least one message`);
    }
  }
}

/**
 * Asserts the rules of a conversation turn (CONTRACT.md, "Conversations (1.1)") on `events` (a complete turn, sorted
 * by seq): every run rule with the single node advisor, run_started with kind "turn" and the conversationId, and each
 * tool_call before its tool_result (an object result or a string error), both before any text of the answer.
 * @param {object[]} events
 * @param {{ runId: string, conversationId: string, persona: string, terminalType?: string }} expected
 * @returns {{ calls: object[], results: object[] }} the turn's tool events
 */
export function assertTurnEvents(events, { runId, conversationId, persona, terminalType = "run_completed" }) {
  assertRunEvents(events, { runId, persona, terminalType, nodes: ["advisor"] });
  assert.equal(events[0].kind, "turn", `a turn's run_started has kind "turn": ${show(events[0])}`);
  assert.equal(events[0].conversationId, conversationId, `a turn's run_started names its conversation: ${show(events[0])}`);
  const calls = events.filter((e) => e.type === "tool_call");
  const results = events.filter((e) => e.type === "tool_result");
  const firstText = events.find((e) => e.type === "token" || e.type === "message")?.seq ?? Infinity;
  for (const call of calls) {
    assert.ok(call.agent && call.toolCallId && call.name && call.arguments && typeof call.arguments === "object" && !Array.isArray(call.arguments),
      `tool_call needs agent, toolCallId, name, an object of arguments: ${show(call)}`);
    const answered = results.filter((r) => r.toolCallId === call.toolCallId);
    assert.equal(answered.length, 1, `tool_call ${call.toolCallId} has exactly one tool_result`);
    const result = answered[0];
    assert.ok(call.seq < result.seq, `tool_call ${call.toolCallId} comes before its tool_result`);
    assert.ok(result.seq < firstText, `tool_result ${call.toolCallId} (seq ${result.seq}) comes before any text (seq ${firstText})`);
    assert.equal(result.name, call.name, `tool_result names the tool called: ${show(result)}`);
    assert.ok((result.result && typeof result.result === "object") !== (typeof result.error === "string"),
      `tool_result carries a result object or an error string: ${show(result)}`);
    assert.ok(typeof result.durationMs === "number" && result.durationMs >= 0, `tool_result durationMs must be a number: ${show(result)}`);
  }
  assert.equal(results.length, calls.length, "no tool_result without its tool_call");
  return { calls, results };
}
