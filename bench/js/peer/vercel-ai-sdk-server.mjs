// The peer a web developer would pick to stream a model's reply to a browser: the Vercel AI SDK's streamText behind
// node:http, answering POST /api/chat with its UI message stream (Server-Sent Events, one `text-delta` per model
// delta). AI SDK 5 is the last line that runs on Node 20. No analysis, no event log, no coalescing: only the stream.
//   node peer/vercel-ai-sdk-server.mjs --port 5303 --model-url http://127.0.0.1:5301
import http from "node:http";
import { streamText } from "ai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";

const argv = process.argv.slice(2);
const arg = (name) => argv[argv.indexOf(`--${name}`) + 1];
const provider = createOpenAICompatible({ name: "bench", baseURL: `${arg("model-url")}/v1` });

function readBody(req) {
  return new Promise((resolve, reject) => {
    const parts = [];
    req.on("data", (p) => parts.push(p));
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    req.on("error", reject);
  });
}

http.createServer(async (req, res) => {
  if (req.method === "GET" && req.url === "/health") {
    res.end("ok");
    return;
  }
  if (req.method !== "POST" || req.url !== "/api/chat") {
    res.statusCode = 404;
    res.end();
    return;
  }
  const { prompt } = JSON.parse((await readBody(req)) || "{}");
  const result = streamText({ model: provider.chatModel("bench"), prompt: prompt ?? "Analyse my portfolio." });
  result.pipeUIMessageStreamToResponse(res);
}).listen(Number(arg("port")), "127.0.0.1");
