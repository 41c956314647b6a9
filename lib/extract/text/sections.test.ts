import { describe, expect, it } from "vitest";
import { countTokens } from "../../tokens";
import { findHeadings } from "./markdown-headings";
import { markdownSections, plainSections } from "./sections";

const options = { maxTokens: 2_000, countTokens };
const lines = (text: string) => text.split("\n");

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
  it("labels sections by their heading path and keeps the text before the first heading", () => {
    const text = "Intro line\n\n# Guide\nWelcome.\n\n## Install\nRun it.\n\n### Linux\napt install\n\n## Use\nCall it.\n\n# FAQ\nAsk.";
    const sections = markdownSections(lines(text), options);
    expect(sections.map((section) => section.label)).toEqual(["lines 1–2", "Guide", "Guide > Install", "Guide > Install > Linux", "Guide > Use", "FAQ"]);
    expect(sections[1]?.text).toBe("# Guide\nWelcome.\n");
    expect(sections.map((section) => section.text).join("\n")).toBe(text);
  });

  it("folds a bare heading into the section under it", () => {
    const sections = markdownSections(lines("# Manual\n\n## Start\nText."), options);
    expect(sections).toEqual([{ label: "Manual > Start", text: "# Manual\n\n## Start\nText.", startLine: 1, endLine: 4 }]);
  });

  it("cuts an over-long section at paragraphs and gives each part its lines", () => {
    const paragraph = "This sentence is repeated to make a long paragraph for the test. ".repeat(20);
    const text = `# Long\n${Array.from({ length: 6 }, () => paragraph).join("\n\n")}`;
    const sections = markdownSections(lines(text), { maxTokens: 600, countTokens });
    expect(sections.length).toBeGreaterThan(2);
    expect(sections[0]?.label).toMatch(/^Long \(lines 1–\d+\)$/);
    for (const section of sections) expect(countTokens(section.text)).toBeLessThanOrEqual(600);
  });

  it("adds lines to labels that would repeat", () => {
    const sections = markdownSections(lines("# API\n## Example\none\n## Example\ntwo"), options);
    expect(sections.map((section) => section.label)).toEqual(["API > Example (lines 1–3)", "API > Example (lines 4–5)"]);
  });
});

describe("plainSections", () => {
  it("gathers paragraphs up to the bound and labels them by lines", () => {
    const paragraph = Array.from({ length: 10 }, (_, index) => `Line ${index} of a paragraph with several words in it.`).join("\n");
    const text = Array.from({ length: 12 }, () => paragraph).join("\n\n");
    const sections = plainSections(lines(text), { maxTokens: 500, countTokens });
    expect(sections.length).toBeGreaterThan(1);
    expect(sections[0]?.label).toMatch(/^lines 1–\d+$/);
    expect(sections.map((section) => section.text).join("\n")).toBe(text);
    for (const section of sections) expect(countTokens(section.text)).toBeLessThanOrEqual(500);
  });

  it("cuts a single enormous line into parts", () => {
    const text = `short\n${"x1y2z3 ".repeat(3_000)}\nend`;
    const sections = plainSections(lines(text), { maxTokens: 1_000, countTokens });
    expect(sections.some((section) => section.label === "line 2, part 2")).toBe(true);
    for (const section of sections) expect(countTokens(section.text)).toBeLessThanOrEqual(1_000);
  });
});
