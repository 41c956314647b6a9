import { describe, expect, it } from "vitest";
import { findCitations } from "./citations";

const pages = Array.from({ length: 20 }, (_, index) => `p. ${index + 1}`);
const files = ["README.md", "src/auth.ts", "src/db/client.ts", "lib/db/client.ts", "package.json"];

const cited = (text: string, labels: readonly string[]) => findCitations(text, labels).map((c) => [c.text, c.ordinal, c.line]);

describe("findCitations", () => {
  it("links bracketed page labels, ranges and lists to the pages they name", () => {
    const text = "The budget is 17 attempts [p. 12]. It grew [p. 3–5], see also [p. 7, p. 9; p. 10] and [pp. 14-15].";
    expect(cited(text, pages)).toEqual([
      ["p. 12", 11, undefined],
      ["p. 3–5", 2, undefined],
      ["p. 7", 6, undefined],
      ["p. 9", 8, undefined],
      ["p. 10", 9, undefined],
      ["pp. 14-15", 13, undefined],
    ]);
    const first = findCitations(text, pages)[0]!;
    expect(text.slice(first.start, first.end)).toBe("p. 12");
  });

  it("reads a list with one page prefix and split-unit parts", () => {
    expect(cited("as shown [p. 3, 5 and 6] and [p. 2 (part 2/3)]", pages)).toEqual([
      ["p. 3", 2, undefined],
      ["5", 4, undefined],
      ["6", 5, undefined],
      ["p. 2 (part 2/3)", 1, undefined],
    ]);
  });

  it("links page mentions in running text, but only pages the document has", () => {
    expect(cited("See p. 4 and page 6; p. 99 does not exist.", pages)).toEqual([
      ["p. 4", 3, undefined],
      ["page 6", 5, undefined],
    ]);
  });

  it("links code citations with lines, in backticks or brackets, and unique path tails", () => {
    const text = "Tokens are checked in `src/auth.ts:40` and [src/db/client.ts:12-20]; auth.ts:41 too. The manifest is package.json.";
    expect(cited(text, files)).toEqual([
      ["src/auth.ts:40", 1, 40],
      ["src/db/client.ts:12-20", 2, 12],
      ["auth.ts:41", 1, 41],
      ["package.json", 4, undefined],
    ]);
  });

  it("leaves ambiguous tails, unknown labels, links and plain words alone", () => {
    const text = "client.ts:3 is ambiguous, [p. 12](#x) is a link, [note] is not a label, other.ts:4 is unknown, and so is e.g. the word page.";
    expect(cited(text, files)).toEqual([]);
    expect(cited(text, pages)).toEqual([]);
  });

  it("matches section labels exactly inside brackets", () => {
    expect(cited("Install it first [Install], then [Usage; Unknown].", ["Intro", "Install", "Usage"])).toEqual([
      ["Install", 1, undefined],
      ["Usage", 2, undefined],
    ]);
  });
});
