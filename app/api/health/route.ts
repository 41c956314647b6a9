import { isDatabaseReachable } from "@/db/queries/health";
import { handle } from "@/lib/http";
import { serverContext } from "@/lib/server-context";
import { VERSION } from "@/lib/version";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = handle("GET /api/health", async () => {
  const { config, db } = serverContext();
  const database = isDatabaseReachable(db);
  return Response.json(
    {
      ok: database,
      version: VERSION,
      database: database ? "ok" : "unreachable",
      model: config.llm.model,
      profile: config.llm.profile.name,
      endpointHost: new URL(config.llm.baseUrl).host,
      apiKeySet: config.llm.apiKey !== undefined,
      contextWindowTokens: config.llm.contextWindowTokens,
      maxOutputTokens: config.llm.maxOutputTokens,
      prices: { inputMicroLiPerToken: config.llm.inputMicroLiPerToken, outputMicroLiPerToken: config.llm.outputMicroLiPerToken },
    },
    { status: database ? 200 : 503 },
  );
});
