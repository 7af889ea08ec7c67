// A test double for the edge of the world, not product code: a local stand-in for App Service Authentication
// ("Easy Auth", infra/app/api.bicep: Entra ID, Return401 on every path) in front of a host, so the JS
// suites can prove their token mode without Azure. Like the platform it strips client-sent x-ms-client-principal*
// headers, turns `Authorization: Bearer <token>` into x-ms-client-principal-id for the token's principal (the
// Authorization header is passed on too), and answers 401 without a body to anything else but the open paths.
// Tokens are opaque strings from a given map instead of Entra ID JWTs. It forwards with the target's Host, so
// absolute URLs the host builds (the negotiate redirect to /hubs/advisor) point past the proxy, as Azure SignalR
// Service's URL does. Plain HTTP, streamed responses (SSE, unbuffered) and WebSocket upgrades; http targets only.
//
//   node support/easy-auth-proxy.mjs http://127.0.0.1:5080 [port]
// prints ADVISOR_BASE_URL and ADVISOR_BEARER_TOKENS (two generated tokens) for running a suite through it.
import http from "node:http";
import net from "node:net";
import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";

const HOP_BY_HOP = ["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade"];

/**
 * Starts the proxy on loopback.
 * @param {{ target: string, principals: Record<string, string> | Map<string, string>, port?: number, openPaths?: string[] }} options
 *   principals: access token → principal id.
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startEasyAuthProxy({ target, principals, port = 0, openPaths = [] }) {
  const upstream = new URL(target);
  if (upstream.protocol !== "http:") throw new Error(`the proxy forwards to http targets only, not ${target}`);
  const principalOf = new Map(principals instanceof Map ? principals : Object.entries(principals));
  const basePath = upstream.pathname.replace(/\/+$/, "");

  /** The headers to forward, or null when the request must be answered 401. */
  function authenticate(req) {
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !name.startsWith("x-ms-client-principal")));
    const principal = principalOf.get(/^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1]);
    if (principal) Object.assign(headers, { "x-ms-client-principal-id": principal, "x-ms-client-principal-idp": "aad" });
    else if (!openPaths.includes(new URL(req.url, "http://proxy").pathname)) return null;
    headers.host = upstream.host;
    return headers;
  }

  const server = http.createServer((req, res) => {
    const headers = authenticate(req);
    if (!headers) return void res.writeHead(401, { "www-authenticate": "Bearer", "content-length": "0" }).end();
    for (const name of HOP_BY_HOP) delete headers[name];
    const forward = http.request({
      host: upstream.hostname, port: upstream.port || 80, method: req.method, path: basePath + req.url, headers,
    }, (answer) => {
      const answerHeaders = { ...answer.headers };
      for (const name of HOP_BY_HOP) delete answerHeaders[name];
      res.writeHead(answer.statusCode, answerHeaders);
      res.flushHeaders();
      answer.pipe(res);
    });
    forward.on("error", () => (res.headersSent ? res.destroy() : res.writeHead(502, { "content-length": "0" }).end()));
    res.on("close", () => res.writableFinished || forward.destroy());
    req.pipe(forward);
  });

  const upgraded = new Set();
  server.on("upgrade", (req, socket, head) => {
    const headers = authenticate(req);
    if (!headers) return void socket.end("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    const remote = net.connect(Number(upstream.port || 80), upstream.hostname, () => {
      const lines = Object.entries(headers).flatMap(([name, value]) => [value].flat().map((v) => `${name}: ${v}`));
      remote.write(`${req.method} ${basePath}${req.url} HTTP/1.1\r\n${lines.join("\r\n")}\r\n\r\n`);
      remote.write(head);
      socket.pipe(remote).pipe(socket);
    });
    for (const end of [socket, remote]) {
      upgraded.add(end);
      end.on("error", () => { socket.destroy(); remote.destroy(); });
      end.on("close", () => { upgraded.delete(end); socket.destroy(); remote.destroy(); });
    }
  });

  await new Promise((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => {
      for (const socket of upgraded) socket.destroy();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/** Two principals with generated tokens: { tokens: [a, b], principals: { token → principal } }. */
export function generatePrincipals(count = 2) {
  const tokens = Array.from({ length: count }, () => `easy-auth-token-${randomUUID()}`);
  return { tokens, principals: Object.fromEntries(tokens.map((token, i) => [token, `easy-auth-user-${i + 1}-${randomUUID()}`])) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [target, port] = process.argv.slice(2);
  if (!target) throw new Error("usage: node support/easy-auth-proxy.mjs <target base URL> [port]");
  const { tokens, principals } = generatePrincipals();
  const proxy = await startEasyAuthProxy({ target, principals, port: Number(port ?? 0) });
  console.log(`ADVISOR_BASE_URL=${proxy.url}\nADVISOR_BEARER_TOKENS=${tokens.join(",")}`);
}
