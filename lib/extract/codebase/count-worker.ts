/**
 * Worker thread entry for `CountPool` (count-pool.ts). The pool does not load this file as
 * TypeScript: the worker bundles it with esbuild into plain JavaScript and runs that (see
 * `workerBootstrap`), so it must only import what bundles cleanly (lib/tokens, node built-ins).
 *
 * It builds the tokenizer before saying it is ready, so the first batch never waits for the
 * rank table, then counts the texts of each request with the same exact tokenizer as the main
 * thread and posts the counts back, all on the MessagePort the pool passes in `workerData.port`
 * (the pool reads that port synchronously between its own batches).
 */
import { type MessagePort, workerData } from "node:worker_threads";
import { countTokens } from "../../tokens";
import { numberLines } from "./number-lines";

export interface CountRequest {
  id: number;
  texts: string[];
  /** Number the texts' lines first (number-lines.ts), count the numbered texts and send them back. */
  number: boolean;
}

/** What a worker posts: its bundled code (once, for the pool to reuse), ready, or the counts (and numbered texts) of one request. */
export type CountWorkerMessage = { type: "code"; code: string } | { type: "ready" } | { type: "counts"; id: number; counts: number[]; numbered?: string[] };

const port = (workerData as { port?: MessagePort } | null)?.port;
if (port) {
  countTokens("");
  port.on("message", (request: CountRequest) => {
    if (request.number) {
      const numbered = request.texts.map((text) => numberLines(text));
      port.postMessage({ type: "counts", id: request.id, counts: numbered.map((text) => countTokens(text)), numbered } satisfies CountWorkerMessage);
    } else {
      port.postMessage({ type: "counts", id: request.id, counts: request.texts.map((text) => countTokens(text)) } satisfies CountWorkerMessage);
    }
  });
  port.postMessage({ type: "ready" } satisfies CountWorkerMessage);
}
