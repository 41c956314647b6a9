import { handle } from "@/lib/http";
import { streamChat, type ChatCallResult } from "@/lib/llm/client";
import { serverContext } from "@/lib/server-context";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** One tiny call upstream (1 output token, thinking off): is the endpoint reachable and the key accepted? */
export const POST = handle("POST /api/settings/test-connection", async (request: Request) => {
  const { config } = serverContext();
  const started = performance.now();
  let result: ChatCallResult | undefined;
  for await (const event of streamChat(config.llm, { messages: [{ role: "user", content: "Reply with the word OK." }], maxTokens: 1, thinking: false, signal: request.signal })) {
    if (event.type === "end") result = event.result;
  }
  const latencyMs = Math.round(performance.now() - started);
  const error = result?.error;
  return Response.json(error ? { ok: false, latencyMs, error: { code: error.code, message: error.message } } : { ok: result !== undefined, latencyMs });
});
