"use client";

import { useCallback, useState } from "react";
import { fetchJson } from "@/components/api/fetch-json";
import { Card } from "@/components/ui/card";
import type { ThreadEntry } from "@/lib/jobs/wire";
import { AskBox } from "./ask-box";
import { QuestionItem } from "./question-item";

/** The document's question thread (oldest first) and the box to ask the next one. */
export function QuestionsPanel({ documentId, labels, initial }: { documentId: string; labels: readonly string[]; initial: ThreadEntry[] }) {
  const [entries, setEntries] = useState<ThreadEntry[]>(initial);

  const refresh = useCallback(() => {
    fetchJson<{ questions: ThreadEntry[] }>(`/api/documents/${encodeURIComponent(documentId)}/questions`)
      .then(({ questions }) => setEntries(questions))
      .catch(() => undefined);
  }, [documentId]);

  return (
    <Card title="Questions" testId="questions-panel">
      <div className="space-y-4">
        {entries.length === 0 ? <p className="text-sm text-zinc-500">No questions yet. Answers cite the pages or files they come from; click a citation to see it.</p> : null}
        <div className="space-y-4" data-testid="thread">
          {entries.map((entry) => (
            <QuestionItem key={entry.id} entry={entry} labels={labels} onEnd={refresh} />
          ))}
        </div>
        <AskBox
          documentId={documentId}
          onAsked={(asked) => {
            // Shown at once; the stream fills it in and the thread is re-read when it ends.
            setEntries((current) => [...current, { ...asked.job, answer: "", strategy: "single", unitsSent: 0, unitsTotal: labels.length, events: asked.events }]);
            refresh();
          }}
        />
      </div>
    </Card>
  );
}
