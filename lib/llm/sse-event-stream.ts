import { createParser } from "eventsource-parser";

/**
 * Text → SSE items, by the spec (C-1): `\n`, `\r\n` and `\r`, comments, `data:` with or without
 * the space, multi-line data joined with `\n`, `id:`/`retry:` ignored. Built on
 * eventsource-parser's `createParser` rather than its `EventSourceParserStream` because two wire
 * quirks need more than events:
 * - llama.cpp's `error: {…}` field line and Ollama's bare `{"error":…}` line (no `data:`) reach
 *   the parser only as "unknown field" errors; we pass them on, in order, as `field` items;
 * - a stream that closes without a final newline (Ollama after an error) would leave its last
 *   line in the parser's buffer; at the end we feed the missing line break and blank line.
 */
export type SseItem =
  | { kind: "event"; event: string | undefined; data: string }
  | { kind: "field"; field: string; value: string; line: string };

export class SseEventStream extends TransformStream<string, SseItem> {
  constructor() {
    let parser: ReturnType<typeof createParser> | undefined;
    const feed = (text: string) => parser?.feed(text);
    super({
      start(controller) {
        parser = createParser({
          onEvent: (event) => controller.enqueue({ kind: "event", event: event.event, data: event.data }),
          onError: (error) => {
            if (error.type === "unknown-field") {
              controller.enqueue({ kind: "field", field: error.field ?? "", value: error.value ?? "", line: error.line ?? "" });
            }
          },
        });
      },
      transform(chunk) {
        feed(chunk);
      },
      flush() {
        feed("\n\n");
      },
    });
  }
}
