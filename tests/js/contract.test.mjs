// CONTRACT.md checked from the outside with the real @microsoft/signalr client, against the host at
// ADVISOR_BASE_URL: events of whole runs, the status output, identity, uploads, validation and SSE.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  SKIP, BASE, RUN_TIMEOUT_MS, TOKENS, api, connectHub, getEvents, needPrincipals, negotiate, newUser, portfolio, readSse, sleep,
  startJson, waitForStatus,
} from "./support/env.mjs";
import { assertRunEvents, finalMessages, mergeBySeq } from "./support/event-rules.mjs";

const example = JSON.parse(portfolio("example.json"));
const close = (a, b, tol = 1e-9) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));

async function assertProblem(response, status) {
  assert.equal(response.status, status, `expected ${status}, got ${response.status}`);
  assert.match(response.headers.get("content-type") ?? "", /application\/problem\+json/, "errors must be application/problem+json");
  const problem = await response.json();
  for (const field of ["type", "title", "status"]) assert.ok(problem[field] !== undefined, `problem details need "${field}": ${JSON.stringify(problem)}`);
  assert.equal(problem.status, status);
  return problem;
}

function assertAccepted(response, body) {
  assert.equal(response.status, 202, `POST /api/analyses must answer 202, got ${response.status} ${JSON.stringify(body)}`);
  for (const field of ["id", "statusQueryGetUri", "eventsUri", "terminatePostUri"]) {
    assert.equal(typeof body[field], "string", `202 body needs "${field}"`);
  }
  const location = response.headers.get("location");
  assert.ok(location, "202 needs a Location header");
  assert.equal(new URL(location, BASE).pathname, new URL(body.statusQueryGetUri, BASE).pathname, "Location must be the status URI");
}

/** Runs example.json with `persona` as `user`, following it on the hub; returns everything seen. */
async function runExample(user, persona, { onStarted } = {}) {
  const hub = await connectHub(user);
  try {
    const { response, body } = await startJson(user, { ...example, persona });
    assertAccepted(response, body);
    if (onStarted) await onStarted(body.id);
    await hub.waitFor((events) => events.some((e) => e.runId === body.id && ["run_completed", "run_failed", "run_terminated"].includes(e.type)));
    const live = hub.events.filter((e) => e.runId === body.id);
    const fetched = await getEvents(user, body.id, 0);
    const status = await waitForStatus(user, body.id);
    return { id: body.id, live, fetched, events: mergeBySeq(live, fetched), status };
  } finally {
    await hub.stop();
  }
}

function assertOutput(status, events, persona) {
  assert.equal(status.runtimeStatus, "Completed", `status must be Completed, got ${status.runtimeStatus}`);
  const output = status.output;
  assert.ok(output, "a Completed status carries output");
  assert.equal(output.baseCurrency, "USD");
  assert.deepEqual(output.advice.messages, finalMessages(events).map((e) => e.content),
    "output.advice.messages must equal the run's final messages in order");
  assert.equal(output.advice.persona, persona);
  const weights = output.holdings.reduce((s, h) => s + h.weight, 0);
  assert.ok(close(weights, 1, 1e-9), `holdings weights must sum to 1, got ${weights}`);
  const total = output.holdings.reduce((s, h) => s + h.marketValue, 0);
  assert.ok(close(output.totalValue, total, 1e-9), `totalValue ${output.totalValue} must equal Σ marketValue ${total}`);
  for (const h of output.holdings) {
    assert.ok(close(h.marketValue, h.shares * h.price, 1e-9), `${h.ticker}: marketValue must be shares × price`);
    assert.ok(close(h.weight, h.marketValue / output.totalValue, 1e-9), `${h.ticker}: weight must be marketValue / totalValue`);
  }
  assert.deepEqual(output.holdings.map((h) => h.ticker).sort(), example.holdings.map((h) => h.ticker).sort(), "one holding per requested ticker");
  assert.equal(status.customStatus?.percent, 100, "customStatus.percent is 100 once Completed");
}

describe("contract", { skip: SKIP, timeout: RUN_TIMEOUT_MS * 3 }, () => {
  const owner = newUser("owner");
  const stranger = newUser("stranger");
  const strangerSkip = needPrincipals(2);
  let strangerHub;
  let impostorHub;
  const strangerChecks = [];
  let strangerLeaks = null;
  let impostorLeaks = null;

  before(async () => {
    if (strangerSkip) return;
    strangerHub = await connectHub(stranger);
    // The stranger's own negotiated token, presented with the owner's header: the token must decide.
    const redirect = await negotiate(stranger);
    impostorHub = redirect.url && redirect.accessToken ? await connectHub(owner, redirect) : null;
  });
  after(async () => {
    await strangerHub?.stop();
    await impostorHub?.stop();
  });

  it("GET /api/health answers healthy, anonymously (contract 1.1)", async () => {
    const response = await api("/api/health");
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.deepEqual(Object.keys(body), ["status", "activeConnections", "runsInFlight", "host"]);
    assert.equal(body.status, "healthy");
    assert.equal(typeof body.activeConnections, "number");
    assert.equal(typeof body.runsInFlight, "number");
    assert.ok(["self-host", "functions"].includes(body.host), `host names the host: ${body.host}`);
  });

  it("streams a xiaomei run by the rules and its output matches", async () => {
    const run = await runExample(owner, "xiaomei", {
      onStarted: async (id) => {
        if (strangerSkip) return;
        for (const path of [`/api/analyses/${id}`, `/api/analyses/${id}/events?after=0`]) {
          strangerChecks.push([`GET ${path}`, (await api(path, { user: stranger })).status]);
        }
        const terminate = await api(`/api/analyses/${id}/terminate?reason=stranger`, { user: stranger, method: "POST" });
        strangerChecks.push(["POST terminate", terminate.status]);
      },
    });
    assert.ok(run.live.length > 0, "the owner's hub connection received the run's events");
    assert.equal(new Set(run.live.map((e) => e.seq)).size, run.live.length, "no event reaches the hub twice");
    assertRunEvents(run.events, { runId: run.id, persona: "xiaomei" });
    assert.equal(run.fetched.length, run.events.length, "events?after=0 returns every event of the run");
    assertOutput(run.status, run.events, "xiaomei");
    const after5 = await getEvents(owner, run.id, 5);
    assert.deepEqual(after5.map((e) => e.seq), run.events.filter((e) => e.seq > 5).map((e) => e.seq), "events?after=5 starts at seq 6");
    if (strangerSkip) return;
    await sleep(500);
    strangerLeaks = strangerHub.events.filter((e) => e.runId === run.id).length;
    impostorLeaks = impostorHub ? impostorHub.events.filter((e) => e.runId === run.id).length : null;
  });

  it("another user gets 404 for the run and its hub connection receives none of its events", { skip: strangerSkip }, () => {
    assert.ok(strangerChecks.length === 3 && strangerLeaks !== null, "the xiaomei run ran first");
    for (const [what, status] of strangerChecks) assert.equal(status, 404, `${what} as another user must be 404 (got ${status})`);
    assert.equal(strangerLeaks, 0, "another user's hub connection must receive none of the run's events");
  });

  // In token mode the impostor sends no owner header (its Authorization is the negotiated token): only "fixed at negotiate" is left.
  it("a hub connection keeps the user fixed at negotiate, whatever header it sends later", { skip: strangerSkip }, async (t) => {
    if (impostorLeaks === null) return void t.skip("negotiate answered no { url, accessToken } redirect");
    assert.equal(impostorLeaks, 0, "a connection negotiated as another user must not receive the owner's events by sending the owner's header");
    // Control: that connection works, and belongs to the user it was negotiated for.
    const { response, body } = await startJson(stranger, { ...example, persona: "analyst" });
    assert.equal(response.status, 202);
    await impostorHub.waitFor((events) => events.some((e) => e.runId === body.id && e.type === "run_completed"), 60_000);
  });

  it("streams an analyst run by the rules; SSE replays it from Last-Event-ID and ends", async () => {
    let liveSse;
    const run = await runExample(owner, "analyst", {
      onStarted: async (id) => {
        const response = await api(`/api/analyses/${id}/events`, { user: owner, headers: { accept: "text/event-stream" } });
        assert.equal(response.status, 200);
        assert.match(response.headers.get("content-type") ?? "", /text\/event-stream/);
        liveSse = readSse(response);
      },
    });
    assertRunEvents(run.events, { runId: run.id, persona: "analyst" });
    assertOutput(run.status, run.events, "analyst");

    const live = await liveSse;
    assert.equal(live.timedOut, false, "a live SSE stream must end after the terminal event");
    assert.deepEqual(live.frames.map((f) => f.data), run.events, "a live SSE stream carries every event in seq order");

    const response = await api(`/api/analyses/${run.id}/events`, { user: owner, headers: { accept: "text/event-stream", "last-event-id": "3" } });
    const replay = await readSse(response, 20_000);
    assert.equal(replay.timedOut, false, "an SSE replay of a finished run must end");
    assert.deepEqual(replay.frames.map((f) => Number(f.id)), run.events.filter((e) => e.seq > 3).map((e) => e.seq), "Last-Event-ID: 3 replays from seq 4");
    for (const f of replay.frames) assert.equal(f.event, f.data.type, `SSE "event:" must be the type (seq ${f.id})`);
    assert.deepEqual(replay.frames.map((f) => f.data), run.events.filter((e) => e.seq > 3));

    const viaQuery = await readSse(await api(`/api/analyses/${run.id}/events?after=${run.events.length - 2}`, {
      user: owner, headers: { accept: "text/event-stream" } }), 20_000);
    assert.deepEqual(viaQuery.frames.map((f) => Number(f.id)), [run.events.length - 1, run.events.length], "SSE honours ?after=");
  });

  it("terminate stops a xiaomei run: Terminated, run_terminated last, no tokens a second later", async () => {
    const hub = await connectHub(owner);
    try {
      const { response, body } = await startJson(owner, { ...example, persona: "xiaomei" });
      assertAccepted(response, body);
      await hub.waitFor((events) => events.some((e) => e.runId === body.id && (e.type === "token" || e.type === "run_completed")));
      const stop = await api(`/api/analyses/${body.id}/terminate?reason=${encodeURIComponent("test stop")}`, { user: owner, method: "POST" });
      assert.equal(stop.status, 202, `terminate must answer 202, got ${stop.status}`);
      const stoppedAt = Date.now();
      const status = await waitForStatus(owner, body.id, ["Terminated", "Completed", "Failed"], 30_000);
      assert.equal(status.runtimeStatus, "Terminated");
      await sleep(1500);
      const events = await getEvents(owner, body.id, 0);
      assertRunEvents(events, { runId: body.id, persona: "xiaomei", terminalType: "run_terminated" });
      assert.equal(events.at(-1).reason, "test stop", "run_terminated carries the reason");
      const lateTokens = events.filter((e) => e.type === "token" && Date.parse(e.ts) > stoppedAt + 1000);
      assert.equal(lateTokens.length, 0, `tokens must stop within 1 s of terminate; ${lateTokens.length} came later`);
    } finally {
      await hub.stop();
    }
  });

  describe("identity and input", () => {
    it("answers 401 problem details without the identity header", async () => {
      // Behind App Service Authentication (token mode) the platform answers the 401, without problem details.
      const unauthorized = (response) => (TOKENS.length ? assert.equal(response.status, 401) : assertProblem(response, 401));
      await unauthorized(await api("/api/analyses", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(example) }));
      await unauthorized(await api("/api/analyses/does-not-exist"));
    });

    it("answers 404 for a run that does not exist", async () => {
      await assertProblem(await api("/api/analyses/does-not-exist", { user: owner }), 404);
    });

    it("accepts a Fidelity CSV export and completes it", async () => {
      const response = await api("/api/analyses?persona=analyst&riskProfile=growth&language=en", {
        user: owner, method: "POST", headers: { "content-type": "text/csv" }, body: portfolio("fidelity-positions.csv"),
      });
      const body = await response.json();
      assertAccepted(response, body);
      const status = await waitForStatus(owner, body.id);
      assert.equal(status.runtimeStatus, "Completed");
      const tickers = status.output.holdings.map((h) => h.ticker);
      assert.ok(tickers.includes("VTI") && tickers.includes("IEFA"), `the CSV's funds are analysed: ${tickers.join(",")}`);
      assert.ok(!tickers.some((t) => /^(SPAXX|FDRXX)/.test(t)), "money-market lines are cash, not holdings");
    });

    it("rejects broken.csv with 400 problem details naming each bad row", async () => {
      const response = await api("/api/analyses?persona=analyst", {
        user: owner, method: "POST", headers: { "content-type": "text/csv" }, body: portfolio("broken.csv"),
      });
      const problem = await assertProblem(response, 400);
      assert.ok(problem.errors && typeof problem.errors === "object", `400 must carry "errors": ${JSON.stringify(problem)}`);
      const text = JSON.stringify(problem.errors);
      assert.match(text, /ZZQX/, "the unknown ticker is named");
      const count = Object.values(problem.errors).flat().length;
      assert.ok(count >= 5, `each of the five bad rows is named (got ${count}): ${text}`);
    });

    const invalid = [
      ["malformed JSON", "{ \"holdings\": [", "application/json"],
      ["no holdings", JSON.stringify({ holdings: [] }), "application/json"],
      ["an unknown ticker", JSON.stringify({ holdings: [{ ticker: "ZZQX", shares: 1 }] }), "application/json"],
      ["zero shares", JSON.stringify({ holdings: [{ ticker: "VTI", shares: 0 }] }), "application/json"],
      ["negative shares", JSON.stringify({ holdings: [{ ticker: "VTI", shares: -3 }] }), "application/json"],
      ["an unknown persona", JSON.stringify({ ...example, persona: "pirate" }), "application/json"],
      ["an unknown risk profile", JSON.stringify({ ...example, riskProfile: "yolo" }), "application/json"],
    ];
    for (const [what, body, type] of invalid) {
      it(`rejects ${what} with 400`, async () => {
        const problem = await assertProblem(await api("/api/analyses", { user: owner, method: "POST", headers: { "content-type": type }, body }), 400);
        if (what !== "malformed JSON") assert.ok(problem.errors, `a validation 400 names the field in "errors": ${JSON.stringify(problem)}`);
      });
    }

    it("answers 415 for an unsupported content type and 413 for a body over 1 MiB", async () => {
      await assertProblem(await api("/api/analyses", { user: owner, method: "POST", headers: { "content-type": "text/plain" }, body: "VTI 10" }), 415);
      const big = JSON.stringify({ holdings: [{ ticker: "VTI", shares: 1 }], padding: "x".repeat(1024 * 1024 + 10) });
      await assertProblem(await api("/api/analyses", { user: owner, method: "POST", headers: { "content-type": "application/json" }, body: big }), 413);
    });
  });
});
