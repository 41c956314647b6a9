import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { PROFILE_NAMES, providerProfile, type ProfileName } from "../../lib/llm/profiles";
import { AnswerCache } from "./answer-cache";
import { handleChat } from "./chat-handler";
import type { RecordedRequest } from "./recorded-request";
import { expandQueue, scenarioSchema, type ResolvedBehaviour, type ResolvedScenario, type Scenario } from "./scenario";

export type { RecordedRequest } from "./recorded-request";
export type { Behaviour, Scenario } from "./scenario";

export interface EmulatorOptions {
  /** 0 = a random free port. Default 8787. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The key clients must send as `Bearer …`. Default `sk-emulator`. */
  apiKey?: string;
  /** Whose wire dialect to speak: error bodies, thinking switch, reasoning field. Default "default". */
  profile?: ProfileName;
  /** The scenario to start with (and to return to on reset). */
  scenario?: Scenario;
}

export interface Emulator {
  /** `http://HOST:PORT/v1`: what LLM_BASE_URL points at. */
  baseUrl: string;
  setScenario(scenario: Scenario): void;
  requests(): RecordedRequest[];
  /**
   * Resolves with the request's record once its response has ended or its connection closed
   * (at once if it already has): tests wait on this event instead of polling `requests()`.
   */
  ended(id: number): Promise<RecordedRequest>;
  /** Lets every `hold` stream go on, now and until the next scenario or reset. */
  release(): void;
  /** Back to the start scenario, with no recorded requests and no remembered answers. */
  reset(): void;
  close(): Promise<void>;
}

/** Request bodies are prompts of at most a few MB; anything far larger is a bug in a test. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * The local upstream: an OpenAI-compatible Chat Completions server that follows
 * docs/upstream-contract.md and counts tokens with the app's exact tokenizer. Tests set a
 * scenario per case; other processes use `POST /__emulator/scenario`, `GET /__emulator/requests`
 * and `POST /__emulator/reset`.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const profileName = options.profile ?? "default";
  if (!PROFILE_NAMES.includes(profileName)) throw new Error(`Unknown emulator profile "${String(profileName)}"; use one of ${PROFILE_NAMES.join(", ")}.`);
  const profile = providerProfile(profileName);
  const apiKey = options.apiKey ?? "sk-emulator";
  const initial = options.scenario ?? {};
  let scenario: ResolvedScenario = scenarioSchema.parse(initial);
  let queue: ResolvedBehaviour[] = expandQueue(scenario.queue);
  let recorded: RecordedRequest[] = [];
  let nextId = 1;
  const cache = new AnswerCache();
  /** Waiters for `ended(id)`, by request id. */
  const endWaiters = new Map<number, Array<(record: RecordedRequest) => void>>();

  /**
   * Held streams wait on `released`; `release()` resolves it. After a release, a new scenario or
   * a reset holds again; streams held and not yet released keep waiting on the same promise.
   */
  let resolveRelease = () => undefined as void;
  let released = new Promise<void>((resolve) => (resolveRelease = resolve));
  let isReleased = false;
  const release = () => {
    isReleased = true;
    resolveRelease();
  };
  const rearmHolds = () => {
    if (!isReleased) return;
    isReleased = false;
    released = new Promise<void>((resolve) => (resolveRelease = resolve));
  };

  const setScenario = (input: Scenario) => {
    scenario = scenarioSchema.parse(input);
    queue = expandQueue(scenario.queue);
    rearmHolds();
  };
  const reset = () => {
    setScenario(initial);
    recorded = [];
    nextId = 1;
    cache.clear();
  };

  const server = createServer((request, response) => {
    void route(request, response).catch((error: unknown) => {
      console.error("[emulator] request failed:", error);
      if (!response.headersSent) response.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "emulator failure", type: "internal_error" } }));
      else response.destroy();
    });
  });
  // Clients (Playwright's request context, the app's fetch) keep connections alive; Node's 5 s
  // default would close an idle one just as a client reuses it (ECONNRESET). Outlive them.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? "/", "http://emulator").pathname;
    const body = await readBody(request);
    if (path === "/__emulator/scenario" && request.method === "POST") {
      const parsed = scenarioSchema.safeParse(parseJson(body) ?? {});
      if (!parsed.success) return sendJson(response, 400, { error: { message: parsed.error.message, type: "invalid_scenario" } });
      setScenario(parsed.data);
      return sendJson(response, 200, { ok: true, queue: queue.length });
    }
    if (path === "/__emulator/requests" && request.method === "GET") return sendJson(response, 200, { requests: recorded });
    if (path === "/__emulator/release" && request.method === "POST") {
      release();
      return sendJson(response, 200, { ok: true });
    }
    if (path === "/__emulator/reset" && request.method === "POST") {
      reset();
      return sendJson(response, 200, { ok: true });
    }
    if (path.endsWith("/models") && request.method === "GET") {
      return sendJson(response, 200, { object: "list", data: [{ id: "qwen3-32b", object: "model", created: 0, owned_by: "emulator" }] });
    }
    if (path.endsWith("/chat/completions") && request.method === "POST") {
      const record = recordOf(request, path, body, nextId++, apiKey);
      recorded.push(record);
      response.on("close", () => {
        record.endedAt = Date.now();
        if (!response.writableFinished && record.outcome !== "dropped") {
          record.clientClosed = true;
          if (record.outcome === "pending" || record.outcome === "stalled" || record.outcome === "held") record.outcome = "client_closed";
        }
        const waiters = endWaiters.get(record.id) ?? [];
        endWaiters.delete(record.id);
        for (const resolve of waiters) resolve(structuredClone(record));
      });
      return handleChat(request, response, body, { profile, apiKey, scenario, cache, record, nextBehaviour: () => queue.shift() ?? scenario.default, released: () => released });
    }
    return sendJson(response, 404, { error: { message: `No route for ${request.method} ${path}`, type: "not_found" } });
  }

  const port = options.port ?? 8787;
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    baseUrl: `http://${host}:${address.port}/v1`,
    setScenario,
    requests: () => structuredClone(recorded),
    ended: (id) =>
      new Promise<RecordedRequest>((resolve) => {
        const record = recorded.find((candidate) => candidate.id === id);
        if (record?.endedAt !== null && record !== undefined) return resolve(structuredClone(record));
        endWaiters.set(id, [...(endWaiters.get(id) ?? []), resolve]);
      }),
    reset,
    release: () => release(),
    close: () =>
      new Promise<void>((resolve) => {
        // Stalled streams never end on their own.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function recordOf(request: IncomingMessage, path: string, body: string, id: number, apiKey: string): RecordedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers[name] = name === "authorization" ? "[redacted]" : Array.isArray(value) ? value.join(", ") : value;
  }
  return {
    id,
    requestId: `emu-${Date.now().toString(36)}-${id}`,
    method: request.method ?? "POST",
    path,
    headers,
    keyMatched: request.headers.authorization === `Bearer ${apiKey}`,
    body: parseJson(body) ?? body,
    receivedAt: Date.now(),
    behaviour: null,
    status: null,
    outcome: "pending",
    tokensSent: 0,
    promptTokens: null,
    completionTokens: null,
    clientClosed: false,
    endedAt: null,
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    total += buffer.length;
    if (total > MAX_BODY_BYTES) throw new Error("request body too large");
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseJson(text: string): unknown {
  try {
    return text.trim() === "" ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
}
