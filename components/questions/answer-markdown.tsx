"use client";

import { memo, useMemo } from "react";
import Markdown, { type Components, type Options } from "react-markdown";
import remarkGfm from "remark-gfm";
import { ExternalLink } from "@/components/markdown/report-markdown";
import { remarkCitations } from "./remark-citations";

/*
 * An answer is model output: untrusted. No rehype-raw, so raw HTML stays text; images are never
 * fetched. Links to the document's own units (`#u-12`, made from citations) stay on the page;
 * other links must be http(s) and open in a new tab.
 */
const components: Components = {
  a({ href, children }) {
    if (href && /^#u-\d+$/.test(href)) {
      return (
        <a href={href} data-testid="citation" className="rounded bg-indigo-50 px-0.5 text-indigo-700 underline decoration-dotted hover:bg-indigo-100 dark:bg-indigo-950 dark:text-indigo-300">
          {children}
        </a>
      );
    }
    return <ExternalLink href={href}>{children}</ExternalLink>;
  },
  img({ alt }) {
    return <span className="rounded bg-zinc-100 px-1 text-sm text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">[image{alt ? `: ${alt}` : ""}]</span>;
  },
};

/** An answer as Markdown, with its citations linked to the units they name. */
export const AnswerMarkdown = memo(function AnswerMarkdown({ text, labels }: { text: string; labels: readonly string[] }) {
  const plugins = useMemo<Options["remarkPlugins"]>(() => [remarkGfm, [remarkCitations, { labels }]], [labels]);
  return (
    <div className="report-prose" data-testid="answer">
      <Markdown remarkPlugins={plugins} components={components}>
        {text}
      </Markdown>
    </div>
  );
});
