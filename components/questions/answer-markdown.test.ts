import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AnswerMarkdown } from "./answer-markdown";

const render = (text: string, labels: string[]) => renderToStaticMarkup(createElement(AnswerMarkdown, { text, labels }));

describe("AnswerMarkdown", () => {
  it("links page citations to the units' anchors and leaves other text alone", () => {
    const labels = Array.from({ length: 20 }, (_, index) => `p. ${index + 1}`);
    const html = render("The budget is **17 attempts** [p. 12]; see also [p. 3–5] and p. 99.", labels);
    expect(html).toContain('<a href="#u-11" data-testid="citation"');
    expect(html).toContain(">p. 12</a>]");
    expect(html).toContain('href="#u-2"');
    expect(html).toContain("p. 99.");
    expect(html).not.toContain("#u-98");
  });

  it("links code citations, also in backticks, and never renders raw HTML or fetches images", () => {
    const html = render("Checked in `src/auth.ts:40` and lib/db.ts:3.\n\n<script>alert(1)</script> ![x](http://tracker/x.png)", ["lib/db.ts", "src/auth.ts"]);
    expect(html).toContain('<a href="#u-1" data-testid="citation" class="rounded bg-indigo-50 px-0.5 text-indigo-700 underline decoration-dotted hover:bg-indigo-100 dark:bg-indigo-950 dark:text-indigo-300"><code>src/auth.ts:40</code></a>');
    expect(html).toContain('href="#u-0"');
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
  });
});
