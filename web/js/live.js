// The live channel (CONTRACT.md, "SignalR"): one hub connection per page, the server calls `runEvent`.
// Whatever the channel misses (before it joined, while it reconnects) the caller fetches from
// `events?after=`, so this module only reports events and the moments a catch-up is due.

import { accessToken, apiBase, identityHeaders, identityMode } from "./identity.js";

/**
 * @typedef {object} LiveHandlers
 * @property {(event: object) => void} onEvent
 * @property {() => void} onCatchUpDue   the channel (re)joined: fetch what was missed
 * @property {(state: "connecting"|"connected"|"reconnecting"|"disconnected") => void} onState
 */

export class LiveChannel {
  /** @param {LiveHandlers} handlers */
  constructor(handlers) {
    this.handlers = handlers;
    this.connection = null;
    this.state = "disconnected";
  }

  #setState(state) {
    this.state = state;
    this.handlers.onState(state);
  }

  #build() {
    const signalR = window.signalR;
    const connection = new signalR.HubConnectionBuilder()
      .withUrl(`${apiBase()}/api`, identityMode() === "bearer"
        // A browser WebSocket carries no headers: the token goes through accessTokenFactory (access_token on the hub).
        ? { accessTokenFactory: () => accessToken() ?? "" }
        : { headers: identityHeaders(), withCredentials: window.ADVISOR_CREDENTIALS === "include" })
      .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 10000, 30000])
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    connection.on("runEvent", (event) => this.handlers.onEvent(event));
    connection.onreconnecting(() => this.#setState("reconnecting"));
    connection.onreconnected(() => {
      this.#setState("connected");
      this.handlers.onCatchUpDue();
    });
    connection.onclose(() => this.#setState("disconnected"));
    return connection;
  }

  /** Connects if not connected; resolves true once connected, false if the hub cannot be reached. */
  async ensureStarted() {
    if (!window.signalR) return false;
    if (this.connection?.state === "Connected") return true;
    if (this.connection && this.connection.state !== "Disconnected") return this.#waitConnected();
    this.connection ??= this.#build();
    this.#setState("connecting");
    try {
      await this.connection.start();
      this.#setState("connected");
      return true;
    } catch {
      this.#setState("disconnected");
      return false;
    }
  }

  async #waitConnected() {
    for (let i = 0; i < 100 && this.connection.state !== "Connected"; i++) {
      if (this.connection.state === "Disconnected") return false;
      await new Promise((r) => setTimeout(r, 100));
    }
    return this.connection.state === "Connected";
  }

  /** Drops the connection and joins again, as a network failure would; used by tests and the footer link. */
  async reconnect() {
    if (this.connection) await this.connection.stop();
    const ok = await this.ensureStarted();
    if (ok) this.handlers.onCatchUpDue();
    return ok;
  }
}
