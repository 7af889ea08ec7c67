// Token mode of the suites, proved against a local stand-in for App Service Authentication
// (support/easy-auth-proxy.mjs) in front of ADVISOR_BASE_URL: only a bearer token names the caller, a forged
// identity header changes nothing, and a whole run streams to its owner's hub and SSE through the front.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { randomBytes } from "node:crypto";
import * as signalR from "@microsoft/signalr";
import { BASE, SKIP, TERMINAL, createClient, portfolio, readSse, recordHub, sleep } from "./support/env.mjs";
import { assertRunEvents, mergeBySeq } from "./support/event-rules.mjs";
import { generatePrincipals, startEasyAuthProxy } from "./support/easy-auth-proxy.mjs";

const example = JSON.parse(portfolio("example.json"));
const terminalOf = (id) => (events) => events.some((e) => e.runId === id && TERMINAL.has(e.type));

describe("behind an Easy Auth stand-in (token mode)", { skip: SKIP, timeout: 120_000 }, () => {
  const { tokens, principals } = generatePrincipals(2);
  const [tokenA, tokenB] = tokens;
  let proxy;
  let client;
  let a;
  let b;

  before(async () => {
    proxy = await startEasyAuthProxy({ target: BASE, principals });
    client = createClient({ base: proxy.url, tokens });
    a = client.newUser("a");
    b = client.newUser("b");
  });
  after(() => proxy?.close());

  it("answers 401 without a token on every route, health and negotiate included", async () => {
    const { api } = client;
    const closed = [
      ["POST", "/api/analyses"], ["GET", "/api/analyses/some-run"], ["GET", "/api/analyses/some-run/events"],
      ["POST", "/api/analyses/some-run/terminate"], ["POST", "/api/negotiate?negotiateVersion=1"], ["GET", "/api/health"],
    ];
    for (const [method, path] of closed) {
      assert.equal((await api(path, { method })).status, 401, `${method} ${path} without a token`);
    }
    assert.equal((await api("/api/analyses", { method: "POST", headers: { authorization: "Bearer not-a-token" } })).status, 401,
      "an unknown token is no token");
    const health = await api("/api/health", { user: a });
    assert.equal(health.status, 200);
    assert.equal((await health.json()).status, "healthy");
  });

  it("ignores a forged x-ms-client-principal-id: 401 without a token, and a token decides who you are", async () => {
    const { api, startJson } = client;
    const forged = { "x-ms-client-principal-id": principals[tokenA] };
    assert.equal((await api("/api/analyses/some-run", { headers: forged })).status, 401, "a forged header alone");
    assert.equal((await api("/api/negotiate?negotiateVersion=1", { method: "POST", headers: forged })).status, 401);

    const { response, body } = await startJson(a, { ...example, persona: "analyst" });
    assert.equal(response.status, 202);
    for (const [method, path] of [["GET", `/api/analyses/${body.id}`], ["GET", `/api/analyses/${body.id}/events`],
      ["POST", `/api/analyses/${body.id}/terminate?reason=forged`]]) {
      assert.equal((await api(path, { user: b, method, headers: forged })).status, 404, `${method} ${path} as B forging A's id`);
    }
    const own = await api(`/api/analyses/${body.id}`, { user: a, headers: { "x-ms-client-principal-id": principals[tokenB] } });
    assert.equal(own.status, 200, "A forging B's id is still A");
    await client.waitForStatus(a, body.id);
  });

  it("streams A's run to A's hub (negotiate through the front) and SSE; B gets 404 and nothing on its hub", async () => {
    const { api, connectHub, startJson, getEvents, waitForStatus } = client;
    const hubA = await connectHub(a);
    const hubB = await connectHub(b);
    // The hub itself through the front: a WebSocket upgrade carrying A's token past the proxy and the
    // negotiated access token (query) to the self-host's hub.
    const { url, accessToken } = await client.negotiate(a);
    const viaProxy = await recordHub(new signalR.HubConnectionBuilder().withUrl(
      `${proxy.url}${new URL(url).pathname}?access_token=${encodeURIComponent(accessToken)}`,
      { skipNegotiation: true, transport: signalR.HttpTransportType.WebSockets, accessTokenFactory: () => tokenA },
    ));
    try {
      const { response, body } = await startJson(a, { ...example, persona: "analyst" });
      assert.equal(response.status, 202);
      const sse = await api(`/api/analyses/${body.id}/events`, { user: a, headers: { accept: "text/event-stream" } });
      assert.equal(sse.status, 200);
      assert.match(sse.headers.get("content-type") ?? "", /text\/event-stream/);
      const streamed = readSse(sse, 60_000);

      await hubA.waitFor(terminalOf(body.id), 60_000);
      await viaProxy.waitFor(terminalOf(body.id), 10_000);
      const live = hubA.events.filter((e) => e.runId === body.id);
      const events = mergeBySeq(live, await getEvents(a, body.id));
      assertRunEvents(events, { runId: body.id, persona: "analyst" });
      assert.equal(live.length, events.length, "A's hub received every event of the run");
      assert.deepEqual(viaProxy.events.filter((e) => e.runId === body.id), live, "the hub reached through the front got the same events");
      assert.equal((await waitForStatus(a, body.id)).runtimeStatus, "Completed");

      const { frames, timedOut } = await streamed;
      assert.equal(timedOut, false, "SSE through the front ends after the terminal event");
      assert.deepEqual(frames.map((f) => f.data), events, "SSE through the front delivers the same events");

      assert.equal((await api(`/api/analyses/${body.id}`, { user: b })).status, 404, "B reads A's run");
      assert.equal((await api(`/api/analyses/${body.id}/events`, { user: b })).status, 404, "B reads A's events");
      await sleep(300);
      assert.equal(hubB.events.filter((e) => e.runId === body.id).length, 0, "B's hub receives none of A's events");
    } finally {
      await Promise.all([hubA.stop(), hubB.stop(), viaProxy.stop()]);
    }
  });

  it("refuses a WebSocket upgrade without a token, even one carrying a hub access token", async () => {
    const { url, accessToken } = await client.negotiate(a);
    const status = await new Promise((resolve, reject) => {
      const request = http.request(`${proxy.url}${new URL(url).pathname}?access_token=${encodeURIComponent(accessToken)}`, {
        headers: { connection: "Upgrade", upgrade: "websocket", "sec-websocket-version": "13", "sec-websocket-key": randomBytes(16).toString("base64") },
      });
      request.on("response", (response) => resolve(response.resume().statusCode));
      request.on("upgrade", (response, socket) => { socket.destroy(); resolve(response.statusCode); });
      request.on("error", reject);
      request.end();
    });
    assert.equal(status, 401);
  });
});
