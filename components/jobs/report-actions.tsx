"use client";

import Link from "next/link";
import { useState } from "react";
import type { JobDetail } from "../api/types";
import { Button, buttonClass } from "../ui/button";

/** Export as Markdown, copy to the clipboard, and re-run on the same document. */
export function ReportActions({ job, report }: { job: JobDetail; report: string }) {
  const [copied, setCopied] = useState<"idle" | "copied" | "failed">("idle");
  const rerun = new URLSearchParams({ task: job.task, instructions: job.instructions });
  if (job.documentId) rerun.set("document", job.documentId);
  async function copy() {
    try {
      await navigator.clipboard.writeText(report);
      setCopied("copied");
    } catch {
      setCopied("failed");
    }
    setTimeout(() => setCopied("idle"), 2500);
  }
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="report-actions">
      <a href={`/api/jobs/${encodeURIComponent(job.id)}/report.md`} download className={buttonClass("secondary")} data-testid="export-markdown">
        Export Markdown
      </a>
      <Button onClick={() => void copy()} disabled={report === ""} data-testid="copy-report">
        {copied === "copied" ? "Copied" : copied === "failed" ? "Copy failed" : "Copy to clipboard"}
      </Button>
      {job.documentId ? (
        <Link href={`/?${rerun}`} className={buttonClass("secondary")} data-testid="rerun">
          Re-run with other instructions
        </Link>
      ) : null}
      {job.documentId ? (
        <Link href={`/documents/${encodeURIComponent(job.documentId)}`} className={buttonClass("secondary")} data-testid="ask-document">
          Ask the document
        </Link>
      ) : null}
      <span className="sr-only" aria-live="polite">
        {copied === "copied" ? "Report copied to the clipboard" : copied === "failed" ? "The browser did not allow copying" : ""}
      </span>
    </div>
  );
}
