import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { countTokens } from "../../tokens";
import { findHeadings } from "./markdown-headings";
import { markdownSections, plainSections, type SectionOptions } from "./sections";

const options: SectionOptions = { maxTokens: 2_000, countTokens, lastLineTerminated: true };
/** Lines as extractText gives them: a final newline ends the last line. */
const lines = (text: string) => (text.endsWith("\n") ? text.slice(0, -1) : text).split("\n");
const joined = (sections: { text: string }[]) => sections.map((section) => section.text).join("");

describe("findHeadings", () => {
  it("finds ATX and setext headings, not # lines in code fences or front matter", () => {
    const text = ["---", "title: x", "---", "# Guide", "", "```sh", "# not a heading", "```", "", "Install", "=======", "", "Linux", "-----", "", "~~~", "## fenced", "~~~", "#hashtag is not a heading", "### Closing ###"].join("\n");
    expect(findHeadings(lines(text)).map((heading) => [heading.line, heading.level, heading.title])).toEqual([
      [4, 1, "Guide"],
      [10, 1, "Install"],
      [13, 2, "Linux"],
      [20, 3, "Closing"],
    ]);
  });

  it("does not take a list item or a thematic break after a blank line for a setext heading", () => {
    expect(findHeadings(lines("- item\n---\n\n---\ntext"))).toEqual([]);
  });
});

describe("markdownSections", () => {
  it("labels sections by their heading path and keeps the text before the first heading", async () => {
    const text = "Intro line\n\n# Guide\nWelcome.\n\n## Install\nRun it.\n\n### Linux\napt install\n\n## Use\nCall it.\n\n# FAQ\nAsk.";
    const sections = await markdownSections(lines(text), { ...options, lastLineTerminated: false });
    expect(sections.map((section) => section.label)).toEqual(["lines 1–2", "Guide", "Guide > Install", "Guide > Install > Linux", "Guide > Use", "FAQ"]);
    expect(sections[1]?.text).toBe("# Guide\nWelcome.\n\n");
    expect(joined(sections)).toBe(text);
  });

  it("folds a bare heading into the section under it", async () => {
    const sections = await markdownSections(lines("# Manual\n\n## Start\nText.\n"), options);
    expect(sections).toEqual([{ label: "Manual > Start", text: "# Manual\n\n## Start\nText.\n", tokens: countTokens("# Manual\n\n## Start\nText.\n"), startLine: 1, endLine: 4 }]);
  });

  it("cuts an over-long section at paragraphs and gives each part its lines", async () => {
    const paragraph = "This sentence is repeated to make a long paragraph for the test. ".repeat(20);
    const text = `# Long\n${Array.from({ length: 6 }, () => paragraph).join("\n\n")}\n`;
    const sections = await markdownSections(lines(text), { ...options, maxTokens: 600 });
    expect(sections.length).toBeGreaterThan(2);
    expect(sections[0]?.label).toMatch(/^Long \(lines 1–\d+\)$/);
    for (const section of sections) expect(section.tokens).toBeLessThanOrEqual(600);
    expect(joined(sections)).toBe(text);
  });

  it("adds lines to labels that would repeat", async () => {
    const sections = await markdownSections(lines("# API\n## Example\none\n## Example\ntwo\n"), options);
    expect(sections.map((section) => section.label)).toEqual(["API > Example (lines 1–3)", "API > Example (lines 4–5)"]);
  });
});

describe("plainSections", () => {
  it("gathers paragraphs up to the bound and labels them by lines", async () => {
    const paragraph = Array.from({ length: 10 }, (_, index) => `Line ${index} of a paragraph with several words in it.`).join("\n");
    const text = `${Array.from({ length: 12 }, () => paragraph).join("\n\n")}\n`;
    const sections = await plainSections(lines(text), { ...options, maxTokens: 500 });
    expect(sections.length).toBeGreaterThan(1);
    expect(sections[0]?.label).toMatch(/^lines 1–\d+$/);
    expect(joined(sections)).toBe(text);
    for (const section of sections) expect(section.tokens).toBeLessThanOrEqual(500);
  });

  it("cuts a single enormous line into parts", async () => {
    const text = `short\n${"x1y2z3 ".repeat(3_000)}\nend`;
    const sections = await plainSections(lines(text), { ...options, maxTokens: 1_000, lastLineTerminated: false });
    expect(sections.some((section) => section.label === "line 2, part 2")).toBe(true);
    for (const section of sections) expect(section.tokens).toBeLessThanOrEqual(1_000);
    expect(joined(sections)).toBe(text);
  });
});

describe("section token counts", () => {
  // Counts are summed per paragraph; this checks the sums equal a count of the whole section
  // on varied real text (prose, code fences, tables, CJK, indentation, punctuation at line ends).
  const samples = [
    fs.readFileSync(path.join(process.cwd(), "docs", "DESIGN.md"), "utf8"),
    fs.readFileSync(path.join(process.cwd(), "docs", "STYLE.md"), "utf8"),
    "第一段。中文文本，没有空格。\n\n  缩进的第二段：\n\t制表符开头\n\n\n\n第三段！\n…\n\n   \n\n最后",
    "end.\n\n\n  indented after blank lines\n\u00a0nbsp start\n\n- list\n- items\n\n```js\nconst x = 1;\n\n\n}\n```\n\n| a | b |\n|---|---|\n",
  ];
  for (const [index, sample] of samples.entries()) {
    it(`sums exactly on sample ${index + 1}`, async () => {
      const text = sample.replace(/\r\n?/g, "\n");
      const options2 = { ...options, maxTokens: 300, lastLineTerminated: text.endsWith("\n") };
      for (const sections of [await markdownSections(lines(text), options2), await plainSections(lines(text), options2)]) {
        expect(joined(sections)).toBe(text);
        for (const section of sections) expect(section.tokens).toBe(countTokens(section.text));
      }
    });
  }
});
