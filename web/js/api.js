// HTTP side of the contract (CONTRACT.md, "HTTP"): every request names its caller (identity.js: the header, or a
// bearer token), and every error answer is problem+json turned here into an ApiError.

import { apiBase, identityHeaders, identityMode, signOut } from "./identity.js";

export { apiBase, identityHeaders, userId } from "./identity.js";

/** An HTTP failure described in words, from the server's problem details when it sent them. */
export class ApiError extends Error {
  /**
   * @param {string} title
   * @param {{status?: number, detail?: string, errors?: Record<string, string[]|string>}} [details]
   */
  constructor(title, details = {}) {
    super(title);
    this.name = "ApiError";
    this.status = details.status;
    this.detail = details.detail;
    this.errors = details.errors;
  }

  /** Field → messages as a flat list of "field: message" lines for display. */
  get errorLines() {
    if (!this.errors || typeof this.errors !== "object") return [];
    return Object.entries(this.errors).flatMap(([field, messages]) =>
      (Array.isArray(messages) ? messages : [messages]).map((m) => (field ? `${field}: ${m}` : String(m))));
  }
}

const STATUS_WORDS = {
  400: "The portfolio could not be read",
  401: "The server did not recognise you",
  404: "The analysis was not found",
  413: "The upload is too large",
  415: "This kind of file is not supported",
  422: "The server cannot read this upload",
  429: "Too many requests; try again in a moment",
};

async function toError(response) {
  let problem = null;
  try {
    const type = response.headers.get("content-type") ?? "";
    if (type.includes("json")) problem = await response.json();
  } catch {
    problem = null;
  }
  const title = problem?.title || STATUS_WORDS[response.status] || `The server answered ${response.status}`;
  let detail = problem?.detail;
  if (!detail && response.status >= 500) detail = `The server could not finish the request (HTTP ${response.status}). Try again in a moment.`;
  if (problem?.traceId && response.status >= 500) detail = `${detail ?? ""} Reference: ${problem.traceId}`.trim();
  return new ApiError(title, { status: response.status, detail, errors: problem?.errors });
}

/** fetch against the API with the identity header; rejects with ApiError on a non-2xx answer. */
export async function request(path, init = {}) {
  const url = /^https?:/.test(path) ? path : `${apiBase()}${path}`;
  let response;
  try {
    response = await fetch(url, {
      credentials: window.ADVISOR_CREDENTIALS ?? "same-origin",
      ...init,
      headers: { ...identityHeaders(), ...(init.headers ?? {}) },
    });
  } catch {
    throw new ApiError("The server could not be reached", {
      detail: "Check your connection; the page will keep trying to catch up.",
    });
  }
  if (response.status === 401 && identityMode() === "bearer") {
    // The token expired or was refused: forget it, so the page asks to sign in again.
    signOut();
    window.dispatchEvent(new CustomEvent("advisor:sign-in-needed"));
  }
  if (!response.ok) throw await toError(response);
  return response;
}

/**
 * Starts an analysis. `source` is { kind: "json", body: object } or { kind: "csv"|"image", body: Blob|string, type }.
 * @returns {Promise<{id: string, statusQueryGetUri?: string, eventsUri?: string, terminatePostUri?: string}>}
 */
export async function startAnalysis(source, options) {
  if (source.kind === "json") {
    const body = { ...source.body, ...options };
    const response = await request("/api/analyses", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return response.json();
  }
  const query = new URLSearchParams(options).toString();
  const response = await request(`/api/analyses?${query}`, {
    method: "POST",
    headers: { "content-type": source.type },
    body: source.body,
  });
  return response.json();
}

export async function getStatus(id) {
  return (await request(`/api/analyses/${encodeURIComponent(id)}`)).json();
}

export async function getEvents(id, after) {
  return (await request(`/api/analyses/${encodeURIComponent(id)}/events?after=${after}`)).json();
}

/** The terminate reason the page sends when its user presses Stop (the page words it, rather than echoing it). */
export const PAGE_STOP_REASON = "stopped from the page";

export async function terminate(id, reason = PAGE_STOP_REASON) {
  await request(`/api/analyses/${encodeURIComponent(id)}/terminate?reason=${encodeURIComponent(reason)}`, { method: "POST" });
}

/** Fetches a sample portfolio served beside the page at samples/ (the self-host maps data/portfolios there). */
export async function getSample(name) {
  let response;
  try {
    response = await fetch(new URL(`samples/${encodeURIComponent(name)}`, document.baseURI));
  } catch {
    throw new ApiError(`The sample ${name} could not be loaded`);
  }
  if (!response.ok) throw new ApiError(`The sample ${name} could not be loaded`, { status: response.status });
  return response.text();
}

/**
 * Asks a follow-up question of a completed analysis (CONTRACT.md, "Conversations"): starts a turn.
 * @returns {Promise<{id: string, statusQueryGetUri?: string, eventsUri?: string, terminatePostUri?: string}>} the turn's links
 */
export async function askQuestion(analysisId, content, { interrupt = false } = {}) {
  const query = interrupt ? "?multitask=interrupt" : "";
  const response = await request(`/api/analyses/${encodeURIComponent(analysisId)}/messages${query}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ content }),
  });
  return response.json();
}

/** @returns {Promise<{conversationId: string, messages: {role: string, content: string, turnId?: string, messageId?: string, ts?: string, partial?: boolean}[]}>} */
export async function getTranscript(analysisId) {
  return (await request(`/api/analyses/${encodeURIComponent(analysisId)}/messages`)).json();
}
