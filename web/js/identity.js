// Who the page says it is (docs/security.md). The self-host's GET /api/identity names its mode:
// - development: a random per-browser id in the x-ms-client-principal-id header (loopback only);
// - trusted-header: nothing; the proxy in front names the user;
// - bearer: an access token from the configured OpenID Connect issuer, got by the authorization-code flow with PKCE
//   (RFC 7636) in this browser, or pasted; sent as Authorization: Bearer, and to the hub through accessTokenFactory.
// Behind App Service Authentication (config.js: ADVISOR_SEND_IDENTITY = false) the platform names the user.

const USER_KEY = "advisor.userId";
const TOKEN_KEY = "advisor.accessToken";
const FLOW_KEY = "advisor.signInFlow";

let mode = window.ADVISOR_SEND_IDENTITY === false ? "platform" : "development";
let signIn = null;

/** Base URL of the API without a trailing slash; "" means the page's own origin (config.js). */
export function apiBase() {
  const configured = typeof window !== "undefined" ? window.ADVISOR_API_BASE : "";
  return String(configured ?? "").replace(/\/+$/, "");
}

/** The random id the page names itself with in development mode (kept in localStorage). */
function localUserId() {
  let id = null;
  try {
    id = localStorage.getItem(USER_KEY);
    if (!id) {
      id = `web-${crypto.randomUUID()}`;
      localStorage.setItem(USER_KEY, id);
    }
  } catch {
    id ??= `web-${crypto.randomUUID()}`;
  }
  return id;
}

function storedToken() {
  try { return sessionStorage.getItem(TOKEN_KEY); } catch { return null; }
}

/** The token's claims, read for display only (the server checks the signature). */
export function claimsOf(token) {
  try {
    const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(payload.padEnd(payload.length + ((4 - (payload.length % 4)) % 4), "="));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
  } catch {
    return null;
  }
}

export function identityMode() { return mode; }
export function signInSettings() { return signIn; }
export function accessToken() { return mode === "bearer" ? storedToken() : null; }

/** Who the page is signed in as, for the footer. */
export function userId() {
  if (mode === "bearer") {
    const claims = accessToken() && claimsOf(accessToken());
    return claims ? String(claims.preferred_username ?? claims.email ?? claims.oid ?? claims.sub ?? "signed in") : "not signed in";
  }
  if (mode === "trusted-header") return "named by your proxy";
  if (mode === "platform") return "signed in by the platform";
  return localUserId();
}

/** Headers naming the caller on API requests. */
export function identityHeaders() {
  if (mode === "bearer") return accessToken() ? { authorization: `Bearer ${accessToken()}` } : {};
  if (mode === "development") return { "x-ms-client-principal-id": localUserId() };
  return {};
}

/** Asks the host how it names callers; an older host, or one that does not answer, is taken as development mode. */
export async function loadIdentity() {
  if (mode === "platform") return mode;
  try {
    const response = await fetch(`${apiBase()}/api/identity`);
    if (response.ok) {
      const body = await response.json();
      mode = body.mode ?? "development";
      signIn = body.signIn ?? null;
    }
  } catch {
    mode = "development";
  }
  if (mode === "bearer") await completeSignIn();
  return mode;
}

export function useToken(token) {
  const trimmed = String(token ?? "").trim().replace(/^Bearer\s+/i, "");
  if (!trimmed) return false;
  sessionStorage.setItem(TOKEN_KEY, trimmed);
  return true;
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** Whether the host is in bearer mode and the page has no token (or the server refused the one it had). */
export function needsSignIn() {
  return mode === "bearer" && !accessToken();
}

const base64Url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const redirectUri = () => `${location.origin}${location.pathname}`;

async function discover(authority) {
  const response = await fetch(`${authority.replace(/\/+$/, "")}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`The issuer's discovery document answered ${response.status}`);
  return response.json();
}

/** Starts the authorization-code flow with PKCE (S256) at the configured issuer: the browser leaves for its sign-in page. */
export async function beginSignIn() {
  if (!signIn?.authority || !signIn?.clientId) throw new Error("No issuer and client are configured for signing in; paste a token instead.");
  const metadata = await discover(signIn.authority);
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64Url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64Url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  sessionStorage.setItem(FLOW_KEY, JSON.stringify({ verifier, state, tokenEndpoint: metadata.token_endpoint, redirectUri: redirectUri() }));
  const query = new URLSearchParams({
    response_type: "code", client_id: signIn.clientId, redirect_uri: redirectUri(), scope: signIn.scope || "openid",
    state, code_challenge: challenge, code_challenge_method: "S256",
  });
  location.assign(`${metadata.authorization_endpoint}?${query}`);
}

/** Back from the issuer with ?code=&state=: redeems the code for the access token, then cleans the address bar. */
async function completeSignIn() {
  const params = new URLSearchParams(location.search);
  const pending = sessionStorage.getItem(FLOW_KEY);
  if (!pending || !(params.has("code") || params.has("error"))) return;
  sessionStorage.removeItem(FLOW_KEY);
  history.replaceState(null, "", redirectUri() + location.hash);
  const flow = JSON.parse(pending);
  if (params.get("error")) throw new Error(`Sign-in failed: ${params.get("error_description") || params.get("error")}`);
  if (params.get("state") !== flow.state) throw new Error("Sign-in failed: the answer does not belong to this sign-in (state differs).");
  const response = await fetch(flow.tokenEndpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code", code: params.get("code"), redirect_uri: flow.redirectUri,
      client_id: signIn?.clientId ?? "", code_verifier: flow.verifier,
    }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok || !body.access_token) throw new Error(`Sign-in failed: ${body.error_description || body.error || `the token endpoint answered ${response.status}`}`);
  useToken(body.access_token);
}
