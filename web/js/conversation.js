// The conversation that follows a completed analysis (CONTRACT.md, "Conversations"): each question is
// a turn, a run of its own whose events arrive on the same live channel and are fetched the same way.
// This module keeps the turns' states; app.js routes events here and renders.

import { ApiError, askQuestion, getEvents, getTranscript, terminate } from "./api.js";
import { RunState } from "./run-state.js";

export class Conversation {
  /** @param {{ onChange: () => void }} handlers */
  constructor(handlers) {
    this.handlers = handlers;
    this.analysisId = null;
    /** @type {{turnId: string, question: string, state: RunState, lastActivity: number, catchingUp: boolean}[]} */
    this.turns = [];
    /** Events that arrived while a question was being posted (they may beat the POST's answer). */
    this.early = [];
    this.asking = false;
  }

  reset(analysisId = null) {
    this.analysisId = analysisId;
    this.turns = [];
    this.early = [];
  }

  /** The turn still under way, if any: one at a time per conversation. */
  get running() {
    const last = this.turns.at(-1);
    return last && !last.state.isTerminal ? last : null;
  }

  turn(runId) {
    return this.turns.find((t) => t.turnId === runId) ?? null;
  }

  /** Takes a live event; returns true when it belonged to a turn of this conversation. */
  offer(event) {
    const turn = this.turn(event?.runId);
    if (turn) {
      this.#feed(turn, [event]);
      return true;
    }
    if (this.asking && this.early.length < 2000) this.early.push(event);
    return false;
  }

  /** Rebuilds the turns from the transcript, then each turn's events (tool calls included). */
  async restore() {
    const analysisId = this.analysisId;
    const transcript = await getTranscript(analysisId);
    if (analysisId !== this.analysisId) return;
    const questions = transcript.messages.filter((m) => m.role === "user" && m.turnId && m.turnId !== analysisId);
    for (const question of questions) {
      if (!this.turn(question.turnId)) this.turns.push(this.#newTurn(question.turnId, question.content));
    }
    await Promise.all(this.turns.map((turn) => this.catchUp(turn)));
    this.handlers.onChange();
  }

  /** Asks `content`; the turn's events follow. Rejects with ApiError (400, 409...) without adding a turn. */
  async ask(content) {
    this.asking = true;
    let accepted;
    try {
      accepted = await askQuestion(this.analysisId, content);
    } finally {
      this.asking = false;
    }
    const turn = this.#newTurn(accepted.id, content);
    this.turns.push(turn);
    const buffered = this.early.filter((e) => e.runId === accepted.id);
    this.early = this.early.filter((e) => e.runId !== accepted.id);
    this.#feed(turn, buffered);
    this.handlers.onChange();
    void this.catchUp(turn);
    return turn;
  }

  async stop() {
    const turn = this.running;
    if (!turn) return;
    try {
      await terminate(turn.turnId);
    } catch (error) {
      // 409: the turn ended on its own meanwhile; its terminal event says how.
      if (!(error instanceof ApiError && error.status === 409)) throw error;
    }
    await this.catchUp(turn);
  }

  /** Fetches a turn's events after the last applied seq (after a gap, a reconnect, a quiet spell). */
  async catchUp(turn) {
    if (turn.catchingUp) return;
    turn.catchingUp = true;
    try {
      this.#feed(turn, await getEvents(turn.turnId, turn.state.lastSeq));
    } finally {
      turn.catchingUp = false;
    }
  }

  #newTurn(turnId, question) {
    return { turnId, question, state: new RunState(turnId), lastActivity: Date.now(), catchingUp: false };
  }

  #feed(turn, events) {
    const applied = turn.state.receive(events);
    if (applied.length) {
      turn.lastActivity = Date.now();
      this.handlers.onChange();
    }
    if (turn.state.hasGap) void this.catchUp(turn);
  }
}
