import { describe, expect, it } from "vitest";
import { SseEventStream, type SseItem } from "./sse-event-stream";

async function parse(pieces: string[]): Promise<SseItem[]> {
  const items: SseItem[] = [];
  const stream = new ReadableStream<string>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece);
      controller.close();
    },
  }).pipeThrough(new SseEventStream());
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return items;
    items.push(value);
  }
}

const data = (items: SseItem[]) => items.flatMap((item) => (item.kind === "event" ? [item.data] : []));

describe("SseEventStream (C-1)", () => {
  it("reads \\n, \\r\\n and \\r line endings, split anywhere", async () => {
    const text = 'data: {"a":1}\r\n\r\ndata:{"b":2}\n\ndata: {"c":3}\r\rdata: [DONE]\n\n';
    expect(data(await parse([text]))).toEqual(['{"a":1}', '{"b":2}', '{"c":3}', "[DONE]"]);
    expect(data(await parse(text.split("")))).toEqual(['{"a":1}', '{"b":2}', '{"c":3}', "[DONE]"]);
  });

  it("ignores comments, id and retry; joins multi-line data with \\n; keeps event names", async () => {
    const items = await parse([": OPENROUTER PROCESSING\n\nid: 7\nretry: 10\nevent: message\ndata: a\ndata: b\n\n: ping\n\n"]);
    expect(items).toEqual([{ kind: "event", event: "message", data: "a\nb" }]);
  });

  it("passes llama.cpp's error: field and a bare JSON line on as field items, in order", async () => {
    const items = await parse(['data: {"x":1}\n\nerror: {"code":400,"message":"bad"}\n\n{"error":{"message":"ollama"}}\n']);
    expect(items).toEqual([
      { kind: "event", event: undefined, data: '{"x":1}' },
      { kind: "field", field: "error", value: '{"code":400,"message":"bad"}', line: 'error: {"code":400,"message":"bad"}' },
      expect.objectContaining({ kind: "field", line: '{"error":{"message":"ollama"}}' }),
    ]);
  });

  it("reads a last line with no line break (a stream that was closed short)", async () => {
    expect(await parse(['data: {"x":1}\n\n{"error":"boom"}'])).toEqual([{ kind: "event", event: undefined, data: '{"x":1}' }, expect.objectContaining({ kind: "field", line: '{"error":"boom"}' })]);
    expect(data(await parse(["data: [DONE]"]))).toEqual(["[DONE]"]);
  });
});
