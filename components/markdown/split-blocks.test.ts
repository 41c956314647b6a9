import { describe, expect, it } from "vitest";
import { splitMarkdownBlocks } from "./split-blocks";

const paragraph = (n: number) => `Paragraph ${n} ${"word ".repeat(10)}`.trim();

describe("splitMarkdownBlocks", () => {
  it("joins back to the original text", () => {
    const text = Array.from({ length: 50 }, (_, i) => paragraph(i)).join("\n\n");
    const blocks = splitMarkdownBlocks(text, 200);
    expect(blocks.length).toBeGreaterThan(3);
    expect(blocks.join("")).toBe(text);
  });

  it("keeps the chunks of a prefix unchanged as text is appended", () => {
    const text = Array.from({ length: 40 }, (_, i) => (i % 5 === 0 ? `## Heading ${i}` : paragraph(i))).join("\n\n");
    const full = splitMarkdownBlocks(text, 150);
    for (let cut = 1; cut < text.length; cut += 37) {
      const partial = splitMarkdownBlocks(text.slice(0, cut), 150);
      // Every chunk but the growing last one is a chunk of the full text.
      partial.slice(0, -1).forEach((block, index) => expect(block).toBe(full[index]));
    }
  });

  it("never cuts inside a code fence, nor before an indented line", () => {
    const fence = ["```ts", "const a = 1;", "", "const b = 2;", "", "```"].join("\n");
    const list = ["- item one", "", "  continued inside the item", "", "- item two"].join("\n");
    const text = [paragraph(1), fence, paragraph(2), list, paragraph(3)].join("\n\n");
    const blocks = splitMarkdownBlocks(text, 1);
    expect(blocks.join("")).toBe(text);
    expect(blocks.some((block) => block.includes("const a = 1;") && block.includes("const b = 2;") && block.includes("```\n"))).toBe(true);
    expect(blocks.some((block) => block.startsWith("  continued"))).toBe(false);
  });

  it("does not cut a short text", () => {
    expect(splitMarkdownBlocks("# Title\n\nShort.\n\nShort again.")).toEqual(["# Title\n\nShort.\n\nShort again."]);
  });
});
