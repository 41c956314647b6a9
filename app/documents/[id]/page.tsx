import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { formatTokens, plural } from "@/components/format";
import { DocumentUnits } from "@/components/questions/document-units";
import { QuestionsPanel } from "@/components/questions/questions-panel";
import { loadStoredDocument } from "@/lib/extract/store";
import { questionThread } from "@/lib/jobs/ask";
import { serverContext } from "@/lib/server-context";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Document" };

/** A saved document: its text unit by unit, its questions and answers, and the box to ask. */
export default async function DocumentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const context = serverContext();
  const document = loadStoredDocument(context.db, { id, includeText: true });
  if (!document) notFound();
  const units = document.units.map((unit) => ({ ordinal: unit.ordinal, label: unit.label, text: unit.text ?? "", tokens: unit.tokens }));
  // labels[i] is the label of the unit with ordinal i: what citations are matched against.
  const labels: string[] = [];
  for (const unit of units) labels[unit.ordinal] = unit.label;
  const thread = questionThread(context, { documentId: id });
  return (
    <div className="space-y-4">
      <header>
        <h1 className="text-2xl font-semibold" data-testid="document-name">
          {document.name}
        </h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {document.kind} · {plural(document.unitCount, document.kind === "codebase" ? "file" : document.kind === "pdf" ? "page" : "section")} · {formatTokens(document.totalTokens)} tokens
          {document.skipped.length > 0 ? ` · ${plural(document.skipped.length, "part")} without text` : ""}
        </p>
      </header>
      <div className="grid gap-6 lg:grid-cols-2">
        <div className="min-w-0">
          <QuestionsPanel documentId={id} labels={labels} initial={thread} />
        </div>
        <div className="min-w-0 lg:sticky lg:top-4 lg:max-h-[calc(100vh-2rem)] lg:self-start lg:overflow-y-auto" aria-label="Document text">
          <DocumentUnits units={units} />
        </div>
      </div>
    </div>
  );
}
