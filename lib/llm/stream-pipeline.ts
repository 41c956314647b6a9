import { SseEventStream } from "./sse-event-stream";
import { StreamPartStream, type StreamPart } from "./stream-parts";

/**
 * Response bytes → typed parts: `TextDecoderStream` (keeps a UTF-8 character cut between two
 * network reads whole) → SSE items → parts. Each layer is its own module and tested apart.
 */
export function streamParts(bytes: ReadableStream<Uint8Array<ArrayBuffer>>): ReadableStream<StreamPart> {
  return bytes.pipeThrough(new TextDecoderStream()).pipeThrough(new SseEventStream()).pipeThrough(new StreamPartStream());
}
