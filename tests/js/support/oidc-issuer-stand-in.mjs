// A test double of an OpenID Connect issuer (not product code): discovery, an authorization endpoint that signs the
// user in at once and redirects back with a code, and a token endpoint that redeems the code only with the PKCE
// verifier (S256, RFC 7636) and answers an HS256 access token signed with the key the self-host is configured with.
import { createServer } from "node:http";
import { createHash, createHmac, randomUUID } from "node:crypto";

const b64url = (value) => Buffer.from(value).toString("base64url");

/** Mints an HS256 JWT for `subject` with `key` (raw bytes). */
export function mintToken({ key, issuer, audience, subject, lifetimeSeconds = 3600 }) {
  const now = Math.floor(Date.now() / 1000);
  const head = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const body = b64url(JSON.stringify({ iss: issuer, aud: audience, sub: subject, iat: now, nbf: now, exp: now + lifetimeSeconds }));
  const signature = createHmac("sha256", key).update(`${head}.${body}`).digest("base64url");
  return `${head}.${body}.${signature}`;
}

/**
 * Starts the stand-in on 127.0.0.1:`port`. Each sign-in makes a user named `user` (default a new id).
 * @returns {Promise<{ url: string, redeemed: object[], close: () => Promise<void> }>}
 */
export function startIssuer({ port, key, issuer, audience, clientId, user = () => `oidc-${randomUUID()}` }) {
  const codes = new Map();
  const redeemed = [];
  const server = createServer(async (request, response) => {
    const url = new URL(request.url, `http://127.0.0.1:${port}`);
    const send = (status, body, headers = {}) => {
      response.writeHead(status, { "access-control-allow-origin": "*", "content-type": "application/json", ...headers });
      response.end(body === undefined ? "" : JSON.stringify(body));
    };
    if (url.pathname === "/.well-known/openid-configuration") {
      return send(200, { issuer, authorization_endpoint: `${base}/authorize`, token_endpoint: `${base}/token`, code_challenge_methods_supported: ["S256"] });
    }
    if (url.pathname === "/authorize") {
      const q = url.searchParams;
      if (q.get("response_type") !== "code" || q.get("client_id") !== clientId || q.get("code_challenge_method") !== "S256" || !q.get("code_challenge")) {
        return send(400, { error: "invalid_request" });
      }
      const code = randomUUID();
      codes.set(code, { challenge: q.get("code_challenge"), redirectUri: q.get("redirect_uri"), scope: q.get("scope"), subject: user() });
      const back = new URL(q.get("redirect_uri"));
      back.searchParams.set("code", code);
      back.searchParams.set("state", q.get("state"));
      return send(302, undefined, { location: back.toString() });
    }
    if (url.pathname === "/token" && request.method === "POST") {
      let text = "";
      for await (const chunk of request) text += chunk;
      const form = new URLSearchParams(text);
      const grant = codes.get(form.get("code"));
      codes.delete(form.get("code"));
      const verified = grant && createHash("sha256").update(form.get("code_verifier") ?? "").digest("base64url") === grant.challenge;
      if (form.get("grant_type") !== "authorization_code" || !verified || form.get("redirect_uri") !== grant.redirectUri || form.get("client_id") !== clientId) {
        return send(400, { error: "invalid_grant", error_description: "code, verifier, redirect_uri or client_id do not match" });
      }
      redeemed.push({ subject: grant.subject, scope: grant.scope });
      return send(200, { token_type: "Bearer", expires_in: 3600, access_token: mintToken({ key, issuer, audience, subject: grant.subject }) });
    }
    return send(404, { error: "not_found" });
  });
  const base = `http://127.0.0.1:${port}`;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve({ url: base, redeemed, close: () => new Promise((r) => server.close(() => r())) }));
  });
}
