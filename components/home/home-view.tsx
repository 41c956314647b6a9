"use client";

import { useEffect, useState } from "react";
import { fetchJson, messageOf } from "../api/fetch-json";
import type { DocumentView } from "../api/types";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { Notice } from "../ui/notice";
import { DocumentSummary } from "./document-summary";
import { PlanForm } from "./plan-form";
import { UploadPanel } from "./upload-panel";

export interface HomeInitial {
  /** Re-run: the document of an earlier job, with its task and instructions. */
  documentId?: string;
  task?: string;
  instructions?: string;
}

/** Upload → the document → the plan and its cost → start. */
export function HomeView({ initial }: { initial: HomeInitial }) {
  const [document, setDocument] = useState<DocumentView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [loading, setLoading] = useState(Boolean(initial.documentId));

  useEffect(() => {
    if (!initial.documentId) return;
    const controller = new AbortController();
    fetchJson<{ document: DocumentView }>(`/api/documents/${encodeURIComponent(initial.documentId)}`, { signal: controller.signal })
      .then(({ document: loaded }) => setDocument(loaded))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setLoadError(messageOf(error));
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [initial.documentId]);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Turn a long document into a report</h1>
        <p className="mt-2 text-zinc-600 dark:text-zinc-400">
          Upload a PDF, a text file or a codebase. longdoc counts its Qwen3 tokens exactly, plans the 128K window and shows the cost in li before anything is spent.
        </p>
      </div>

      {loadError ? (
        <Notice tone="error" title="The earlier document could not be opened" testId="document-load-error">
          {loadError} Upload it again below.
        </Notice>
      ) : null}

      {document ? (
        <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
          <Card
            title="Document"
            testId="document-card"
            actions={
              <Button variant="ghost" onClick={() => setDocument(null)} data-testid="upload-another">
                Upload another
              </Button>
            }
          >
            <DocumentSummary document={document} />
          </Card>
          <Card title="Plan" testId="plan-card">
            <PlanForm key={document.id} document={document} initialTask={document.id === initial.documentId ? initial.task : undefined} initialInstructions={document.id === initial.documentId ? initial.instructions : undefined} />
          </Card>
        </div>
      ) : loading ? (
        <p className="text-sm text-zinc-500">Opening the document…</p>
      ) : (
        <Card>
          <UploadPanel onUploaded={setDocument} />
        </Card>
      )}
    </div>
  );
}
