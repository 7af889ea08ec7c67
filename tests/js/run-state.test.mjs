// The page's event reducer (web/js/run-state.js): seq order, duplicates, gaps, message assembly and
// discards. Needs no server.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { RunState } from "../../web/js/run-state.js";

const RUN = "r1";
let seq = 0;
const ev = (type, fields = {}) => ({ type, runId: RUN, seq: ++seq, ts: "2025-10-01T00:00:00Z", ...fields });

function script() {
  seq = 0;
  return [
    ev("run_started", { nodes: ["convert", "risk", "performance", "recommendations", "advisor"] }),
    ev("node_started", { node: "convert" }),
    ev("node_completed", { node: "convert", durationMs: 5, percent: 20, summary: { holdings: 10 } }),
    ev("typing", { agent: "xiaomei", typing: true }),
    ev("token", { agent: "xiaomei", messageId: "m1", delta: "Hel" }),
    ev("token", { agent: "xiaomei", messageId: "m1", delta: "lo" }),
    ev("error", { code: "model_timeout", message: "retrying", retryable: true, messageId: "m1" }),
    ev("token", { agent: "xiaomei", messageId: "m2", delta: "Hi " }),
    ev("token", { agent: "xiaomei", messageId: "m2", delta: "there" }),
    ev("message", { agent: "xiaomei", messageId: "m2", content: "Hi there" }),
    ev("token", { agent: "xiaomei", messageId: "m3", delta: "Bye" }),
    ev("message", { agent: "xiaomei", messageId: "m3", content: "Bye" }),
    ev("typing", { agent: "xiaomei", typing: false }),
    ev("run_completed"),
  ];
}

describe("RunState", () => {
  it("assembles messages in seq order and drops the one a retryable error discards", () => {
    const state = new RunState(RUN);
    state.receive(script());
    assert.deepEqual(state.finalMessages, ["Hi there", "Bye"]);
    assert.equal(state.messages.has("m1"), false);
    assert.equal(state.isTerminal, true);
    assert.equal(state.percent, 100);
    assert.equal(state.nodeState.convert.status, "done");
    assert.equal(state.typing.size, 0);
  });

  it("applies the same result whatever the arrival order and repeats", () => {
    const events = script();
    const shuffled = [...events.slice(6), ...events, ...events.slice(0, 6).reverse()];
    const state = new RunState(RUN);
    state.receive(shuffled.slice(0, 5));
    state.receive(shuffled.slice(5));
    assert.equal(state.lastSeq, events.length);
    assert.deepEqual(state.finalMessages, ["Hi there", "Bye"]);
    assert.equal(state.hasGap, false);
  });

  it("holds events after a gap until the gap is filled", () => {
    const events = script();
    const state = new RunState(RUN);
    state.receive(events.slice(0, 4));
    const applied = state.receive(events.slice(6));
    assert.deepEqual(applied, []);
    assert.equal(state.hasGap, true);
    assert.equal(state.lastSeq, 4);
    assert.equal(state.receive(events.slice(4, 6)).length, events.length - 4);
    assert.equal(state.hasGap, false);
  });

  it("grows a message while tokens arrive and settles it on the final message", () => {
    const events = script();
    const state = new RunState(RUN);
    state.receive(events.slice(0, 9));
    assert.deepEqual({ text: state.messages.get("m2").text, final: state.messages.get("m2").final }, { text: "Hi there", final: false });
    state.receive(events[9]);
    assert.equal(state.messages.get("m2").final, true);
  });

  it("ignores other runs' events and events without a seq", () => {
    const state = new RunState(RUN);
    state.receive([{ ...script()[0], runId: "other" }, { type: "run_started", runId: RUN }]);
    assert.equal(state.lastSeq, 0);
    assert.equal(state.started, false);
  });

  it("keeps a non-retryable error for display and ends on run_failed", () => {
    seq = 0;
    const state = new RunState(RUN);
    state.receive([ev("run_started", { nodes: ["convert"] }), ev("error", { code: "x", message: "bad", retryable: false, node: "convert" }),
      ev("run_failed", { code: "x", message: "bad" })]);
    assert.equal(state.errors.length, 1);
    assert.equal(state.terminal.type, "run_failed");
    assert.notEqual(state.percent, 100);
  });
});

describe("RunState with tool calls (a conversation turn)", () => {
  it("keeps tool calls and messages in the order they began, results joined to their calls", () => {
    seq = 0;
    const state = new RunState(RUN);
    state.receive([
      ev("run_started", { kind: "turn", nodes: ["advisor"], conversationId: "a1" }),
      ev("tool_call", { agent: "analyst", toolCallId: "c1", name: "what_if", arguments: { trades: [{ ticker: "VTI", shares: -20 }] } }),
      ev("tool_result", { agent: "analyst", toolCallId: "c1", name: "what_if", result: { totalValue: 1 }, durationMs: 3 }),
      ev("token", { agent: "analyst", messageId: "m1", delta: "Sell" }),
      ev("message", { agent: "analyst", messageId: "m1", content: "Selling lowers risk." }),
      ev("run_completed"),
    ]);
    assert.deepEqual(state.timeline, [{ kind: "tool", id: "c1" }, { kind: "message", id: "m1" }]);
    assert.equal(state.toolCalls.get("c1").done, true);
    assert.deepEqual(state.toolCalls.get("c1").result, { totalValue: 1 });
    assert.equal(state.startedEvent.conversationId, "a1");
    assert.deepEqual(state.nodes, ["advisor"]);
  });

  it("drops a discarded message from the timeline too", () => {
    seq = 0;
    const state = new RunState(RUN);
    state.receive([
      ev("run_started", { kind: "turn", nodes: ["advisor"] }),
      ev("token", { agent: "analyst", messageId: "m1", delta: "Hal" }),
      ev("error", { code: "stream_interrupted", message: "retrying", retryable: true, messageId: "m1" }),
      ev("token", { agent: "analyst", messageId: "m2", delta: "Hello" }),
    ]);
    assert.deepEqual(state.timeline, [{ kind: "message", id: "m2" }]);
  });
});
