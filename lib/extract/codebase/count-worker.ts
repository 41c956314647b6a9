/**
 * Worker thread entry for `countInWorkers`: counts the texts of each message with the same
 * exact tokenizer as the main thread and posts the counts back.
 */
import { parentPort } from "node:worker_threads";
import { countTokens } from "../../tokens";

export interface CountRequest {
  id: number;
  texts: string[];
}

export interface CountResponse {
  id: number;
  counts: number[];
}

parentPort?.on("message", (request: CountRequest) => {
  const response: CountResponse = { id: request.id, counts: request.texts.map((text) => countTokens(text)) };
  parentPort?.postMessage(response);
});
