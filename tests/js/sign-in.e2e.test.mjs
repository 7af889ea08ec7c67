// The page against a self-host in bearer mode (Identity:Mode=bearer), in a real Chromium: the sign-in card instead of
// the start form, the authorization-code flow with PKCE at the configured issuer (support/oidc-issuer-stand-in.mjs,
// which signs with the host's configured key), a run to 100 % with that token over the API and the hub, sign-out, and
// a pasted token. Needs ADVISOR_OIDC_PORT, ADVISOR_OIDC_KEY (base64), ADVISOR_OIDC_ISSUER, ADVISOR_OIDC_AUDIENCE and
// ADVISOR_OIDC_CLIENT_ID, the settings the host was started with (tests/SelfHost.Tests/Identity/BearerPageTests.cs).
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { BASE, RUN_TIMEOUT_MS, SKIP } from "./support/env.mjs";
import { mintToken, startIssuer } from "./support/oidc-issuer-stand-in.mjs";

const RESULTS = join(dirname(fileURLToPath(import.meta.url)), "test-results");
const $t = (id) => `[data-testid="${id}"]`;
const env = process.env;
const OIDC = env.ADVISOR_OIDC_PORT && {
  port: Number(env.ADVISOR_OIDC_PORT), key: Buffer.from(env.ADVISOR_OIDC_KEY, "base64"), issuer: env.ADVISOR_OIDC_ISSUER,
  audience: env.ADVISOR_OIDC_AUDIENCE, clientId: env.ADVISOR_OIDC_CLIENT_ID,
};
const PAGE_SKIP = SKIP || (!OIDC && "ADVISOR_OIDC_PORT is not set: this suite needs a self-host in bearer mode (see the header)");

async function runSampleToCompletion(page) {
  await page.waitForFunction(() => document.querySelector("#portfolio").value.length > 0);
  await page.check($t("persona-analyst"));
  await page.click($t("start"));
  await page.waitForSelector(`${$t("run-status")}[data-status="completed"]`, { timeout: RUN_TIMEOUT_MS });
  return page.evaluate(() => window.__advisor.runId);
}

describe("sign-in (bearer mode)", { skip: PAGE_SKIP, timeout: RUN_TIMEOUT_MS * 3 }, () => {
  let browser;
  let issuer;
  const subjects = ["oidc-user-one"];

  before(async () => {
    mkdirSync(RESULTS, { recursive: true });
    issuer = await startIssuer({ ...OIDC, user: () => subjects.shift() ?? "oidc-user-later" });
    browser = await chromium.launch({
      executablePath: env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
  });
  after(async () => {
    await browser?.close();
    await issuer?.close();
  });

  it("asks to sign in, signs in by code + PKCE, runs to 100 % live, and signs out", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    await page.goto(`${BASE}/`);
    await page.waitForSelector(`${$t("sign-in")}:not([hidden])`);
    assert.equal(await page.isHidden("#start-card"), true, "no start form before signing in");
    await page.screenshot({ path: join(RESULTS, "sign-in-card.png") });

    await page.click($t("sign-in-start"));
    await page.waitForSelector("#start-card:not([hidden])");
    assert.equal(new URL(page.url()).search, "", "the code and state leave the address bar");
    assert.deepEqual(issuer.redeemed.map((r) => r.subject), ["oidc-user-one"], "one code redeemed, with the PKCE verifier");
    assert.equal(await page.textContent($t("user-id")), "oidc-user-one");

    const runId = await runSampleToCompletion(page);
    assert.equal(await page.getAttribute($t("connection-state"), "data-state"), "connected", "the hub accepted the token");
    const token = mintToken({ ...OIDC, subject: "oidc-user-one" });
    const other = mintToken({ ...OIDC, subject: "someone-else" });
    assert.equal((await fetch(`${BASE}/api/analyses/${runId}`, { headers: { authorization: `Bearer ${token}` } })).status, 200, "the run is the signed-in user's");
    assert.equal((await fetch(`${BASE}/api/analyses/${runId}`, { headers: { authorization: `Bearer ${other}` } })).status, 404);
    assert.equal((await fetch(`${BASE}/api/analyses/${runId}`, { headers: { "x-ms-client-principal-id": "oidc-user-one" } })).status, 401, "the header is ignored");
    await page.screenshot({ path: join(RESULTS, "signed-in-run.png") });

    await page.click($t("sign-out"));
    await page.waitForSelector(`${$t("sign-in")}:not([hidden])`);
    assert.deepEqual(errors, []);
  });

  it("takes a pasted token, and asks again when the server refuses it", async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${BASE}/`);
    await page.waitForSelector(`${$t("sign-in")}:not([hidden])`);
    await page.evaluate(() => { document.querySelector("#token-paste").open = true; });
    await page.fill($t("token-input"), `Bearer ${mintToken({ ...OIDC, subject: "pasted-user" })}`);
    await page.click($t("token-use"));
    await page.waitForSelector("#start-card:not([hidden])");
    assert.equal(await page.textContent($t("user-id")), "pasted-user");
    await runSampleToCompletion(page);

    await page.evaluate((expired) => sessionStorage.setItem("advisor.accessToken", expired), mintToken({ ...OIDC, subject: "pasted-user", lifetimeSeconds: -3600 }));
    await page.click($t("start"));
    await page.waitForSelector(`${$t("sign-in")}:not([hidden])`);
    assert.match(await page.textContent($t("sign-in-error")), /sign in again/);
  });
});
