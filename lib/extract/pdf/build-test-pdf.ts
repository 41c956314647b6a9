import { deflateSync } from "node:zlib";

/**
 * A small valid PDF built in memory for tests: one page per content stream, Helvetica text.
 * `slowPage` makes a page whose (deflated, 30 KB) content stream shows `runs` text runs: pdf.js
 * needs seconds for it, so with a short page bound it is the page that gets its reader killed.
 */
export function buildTestPdf(pages: readonly string[]): Uint8Array {
  const objects: string[] = [];
  const streams: Array<{ index: number; data: Buffer }> = [];
  // 1: catalog, 2: page tree, 3: font, then per page: page object and its content stream.
  const pageIds = pages.map((_, index) => 4 + index * 2);
  objects[1] = "<< /Type /Catalog /Pages 2 0 R >>";
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pages.length} >>`;
  objects[3] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
  pages.forEach((content, index) => {
    const pageId = pageIds[index] ?? 0;
    objects[pageId] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageId + 1} 0 R >>`;
    streams.push({ index: pageId + 1, data: deflateSync(Buffer.from(content, "latin1")) });
  });

  const chunks: Buffer[] = [Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  let length = chunks[0]?.length ?? 0;
  const offsets: number[] = [];
  const push = (chunk: Buffer) => {
    chunks.push(chunk);
    length += chunk.length;
  };
  const count = Math.max(objects.length, ...streams.map((stream) => stream.index + 1));
  for (let id = 1; id < count; id += 1) {
    offsets[id] = length;
    const stream = streams.find((entry) => entry.index === id);
    if (stream) {
      push(Buffer.from(`${id} 0 obj\n<< /Length ${stream.data.length} /Filter /FlateDecode >>\nstream\n`, "latin1"));
      push(stream.data);
      push(Buffer.from("\nendstream\nendobj\n", "latin1"));
    } else {
      push(Buffer.from(`${id} 0 obj\n${objects[id] ?? "null"}\nendobj\n`, "latin1"));
    }
  }
  const xref = length;
  const rows = Array.from({ length: count - 1 }, (_, index) => `${String(offsets[index + 1] ?? 0).padStart(10, "0")} 00000 n \n`).join("");
  push(Buffer.from(`xref\n0 ${count}\n0000000000 65535 f \n${rows}trailer\n<< /Size ${count} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`, "latin1"));
  return new Uint8Array(Buffer.concat(chunks));
}

/** A page with one line of text. */
export function textPage(text: string): string {
  return `BT /F1 12 Tf 72 720 Td (${text.replace(/[()\\]/g, "\\$&")}) Tj ET`;
}

/** A page that takes pdf.js seconds: `runs` separately placed text runs. */
export function slowPage(runs = 400_000): string {
  const parts: string[] = [];
  for (let index = 0; index < runs; index += 1) parts.push(`1 0 0 1 ${(index * 7) % 600} ${(index * 13) % 780} Tm (w${index % 97}) Tj`);
  return `BT /F1 9 Tf ${parts.join(" ")} ET`;
}
