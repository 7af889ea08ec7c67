// The state of one run as the page shows it, built only from the run's events (CONTRACT.md, "Events").
// Pure: no DOM, no network, so node's test runner can exercise it directly.
//
// Events may arrive twice (live over SignalR and again from a catch-up fetch) or out of order (a live
// event overtaking a catch-up). They are applied strictly in seq order: an event with seq <= lastSeq
// is a duplicate and dropped; one beyond lastSeq + 1 waits in `pending` until the gap is filled, and
// `hasGap` tells the caller to fetch `events?after=lastSeq`.

export const DEFAULT_NODES = ["convert", "risk", "performance", "recommendations", "advisor"];
export const TERMINAL_TYPES = new Set(["run_completed", "run_failed", "run_terminated"]);

export class RunState {
  /** @param {string} runId */
  constructor(runId) {
    this.runId = runId;
    this.lastSeq = 0;
    this.pending = new Map();
    this.nodes = [...DEFAULT_NODES];
    /** @type {Record<string, {status: "waiting"|"running"|"done", durationMs?: number, summary?: object}>} */
    this.nodeState = Object.fromEntries(this.nodes.map((n) => [n, { status: "waiting" }]));
    this.percent = 0;
    this.started = false;
    /** agent -> true while its typing indicator is on */
    this.typing = new Map();
    /** @type {Map<string, {messageId: string, agent: string, text: string, final: boolean}>} in first-seen order */
    this.messages = new Map();
    this.discarded = new Set();
    /** @type {object[]} non-discarding error events, shown to the user */
    this.errors = [];
    /** @type {object|null} the terminal event once it has been applied */
    this.terminal = null;
    /** @type {Map<string, {toolCallId: string, name: string, arguments: object, result?: object, error?: string, durationMs?: number, done: boolean}>} */
    this.toolCalls = new Map();
    /** @type {{kind: "message"|"tool", id: string}[]} messages and tool calls in the order they began (a turn interleaves them) */
    this.timeline = [];
    /** @type {object|null} the run_started event (its `kind`, `conversationId`) */
    this.startedEvent = null;
  }

  get hasGap() {
    return this.pending.size > 0;
  }

  get isTerminal() {
    return this.terminal !== null;
  }

  /**
   * Takes events in any order and with repeats; applies those that are next in seq order.
   * @param {object[]|object} events
   * @returns {object[]} the events applied by this call, in seq order
   */
  receive(events) {
    const applied = [];
    for (const event of Array.isArray(events) ? events : [events]) {
      if (!event || event.runId !== this.runId || !Number.isInteger(event.seq)) continue;
      if (event.seq > this.lastSeq) this.pending.set(event.seq, event);
    }
    let next;
    while ((next = this.pending.get(this.lastSeq + 1))) {
      this.pending.delete(next.seq);
      this.lastSeq = next.seq;
      this.#apply(next);
      applied.push(next);
    }
    return applied;
  }

  /** Final messages in the order they were first seen, which is the order the advisor wrote them. */
  get finalMessages() {
    return [...this.messages.values()].filter((m) => m.final).map((m) => m.text);
  }

  #apply(event) {
    switch (event.type) {
      case "run_started":
        this.started = true;
        this.startedEvent = event;
        if (Array.isArray(event.nodes) && event.nodes.length > 0) {
          this.nodes = [...event.nodes];
          this.nodeState = Object.fromEntries(this.nodes.map((n) => [n, this.nodeState[n] ?? { status: "waiting" }]));
        }
        break;
      case "node_started":
        this.#node(event.node).status = "running";
        break;
      case "node_completed": {
        const node = this.#node(event.node);
        node.status = "done";
        node.durationMs = event.durationMs;
        node.summary = event.summary;
        if (typeof event.percent === "number") this.percent = Math.max(this.percent, event.percent);
        break;
      }
      case "typing":
        if (event.typing) this.typing.set(event.agent, true);
        else this.typing.delete(event.agent);
        break;
      case "token": {
        if (this.discarded.has(event.messageId)) break;
        const message = this.#message(event);
        if (!message.final) message.text += event.delta ?? "";
        break;
      }
      case "message": {
        if (this.discarded.has(event.messageId)) break;
        const message = this.#message(event);
        message.text = event.content ?? "";
        message.final = true;
        this.typing.delete(event.agent);
        break;
      }
      case "tool_call":
        if (!this.toolCalls.has(event.toolCallId)) {
          this.toolCalls.set(event.toolCallId, { toolCallId: event.toolCallId, name: event.name, arguments: event.arguments ?? {}, done: false });
          this.timeline.push({ kind: "tool", id: event.toolCallId });
        }
        break;
      case "tool_result": {
        const call = this.toolCalls.get(event.toolCallId);
        if (call) Object.assign(call, { result: event.result, error: event.error, durationMs: event.durationMs, done: true });
        break;
      }
      case "error":
        if (event.retryable && event.messageId) {
          this.discarded.add(event.messageId);
          this.messages.delete(event.messageId);
          this.timeline = this.timeline.filter((item) => !(item.kind === "message" && item.id === event.messageId));
        } else {
          this.errors.push(event);
        }
        break;
      default:
        if (TERMINAL_TYPES.has(event.type)) {
          this.terminal = event;
          this.typing.clear();
          if (event.type === "run_completed") this.percent = 100;
        }
    }
  }

  #node(name) {
    if (!this.nodeState[name]) {
      this.nodes.push(name);
      this.nodeState[name] = { status: "waiting" };
    }
    return this.nodeState[name];
  }

  #message(event) {
    let message = this.messages.get(event.messageId);
    if (!message) {
      message = { messageId: event.messageId, agent: event.agent, text: "", final: false };
      this.messages.set(event.messageId, message);
      this.timeline.push({ kind: "message", id: event.messageId });
    }
    return message;
  }
}
