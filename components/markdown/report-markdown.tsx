"use client";

import { memo, useMemo } from "react";
import Markdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { splitMarkdownBlocks } from "./split-blocks";

/** Only absolute http(s) URLs become links; anything else (javascript:, data:, relative) stays text. */
export function safeHref(href: string | undefined): string | null {
  if (!href) return null;
  try {
    const url = new URL(href);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/** A link from model output: only http(s) is clickable, in a new tab, with no opener or referrer. */
export function ExternalLink({ href, children }: { href: string | undefined; children?: React.ReactNode }) {
  const safe = safeHref(href);
  if (!safe) return <span className="underline decoration-dotted">{children}</span>;
  return (
    <a href={safe} target="_blank" rel="noopener noreferrer nofollow" className="text-indigo-700 underline dark:text-indigo-300">
      {children}
    </a>
  );
}

/*
 * The report is model output: untrusted. react-markdown without rehype-raw turns raw HTML into
 * plain text, so nothing in it runs. Links open in a new tab with no opener and no referrer, and
 * images are never fetched (a remote image is a tracking beacon): their alt text and address are
 * shown instead.
 */
const components: Components = {
  a({ href, children }) {
    return <ExternalLink href={href}>{children}</ExternalLink>;
  },
  img({ src, alt }) {
    const safe = safeHref(typeof src === "string" ? src : undefined);
    return (
      <span className="rounded bg-zinc-100 px-1 text-sm text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
        [image{alt ? `: ${alt}` : ""}
        {safe ? (
          <>
            {" — "}
            <a href={safe} target="_blank" rel="noopener noreferrer nofollow" className="underline">
              {safe}
            </a>
          </>
        ) : null}
        ]
      </span>
    );
  },
  table({ children }) {
    return (
      <div className="overflow-x-auto">
        <table>{children}</table>
      </div>
    );
  },
};

const plugins = [remarkGfm];

const MarkdownBlock = memo(function MarkdownBlock({ text }: { text: string }) {
  return (
    <Markdown remarkPlugins={plugins} components={components}>
      {text}
    </Markdown>
  );
});

/**
 * The report as Markdown (GFM tables, lists, code), rendered as inert React elements. It is
 * rendered in chunks cut at safe blank lines so that, while it streams, only the last chunk is
 * parsed again.
 */
export const ReportMarkdown = memo(function ReportMarkdown({ text }: { text: string }) {
  const blocks = useMemo(() => splitMarkdownBlocks(text), [text]);
  return (
    <div className="report-prose">
      {blocks.map((block, index) => (
        // Chunks of a prefix never change, so the index is a stable key.
        <MarkdownBlock key={index} text={block} />
      ))}
    </div>
  );
});
