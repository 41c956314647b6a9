"use client";

import { useMemo, useState } from "react";
import { readCodebaseMeta } from "@/lib/extract/codebase/codebase-meta";
import type { DocumentView } from "../api/types";
import { formatTokens } from "../format";
import { focusRing } from "../ui/button";
import { useHealth } from "../use-health";
import { fileRows, firstDirection, folderRows, formatShare, sortRows, type TreeSortDirection, type TreeSortKey } from "./codebase-tree-rows";

type TreeView = "folders" | "files";

/** Rows shown before "Show all": enough to see what eats the window without a 5,000-row table. */
const FIRST_ROWS = 50;

const COLUMNS: { key: TreeSortKey; label: string; numeric: boolean; foldersOnly: boolean }[] = [
  { key: "path", label: "path", numeric: false, foldersOnly: false },
  { key: "files", label: "files", numeric: true, foldersOnly: true },
  { key: "lines", label: "lines", numeric: true, foldersOnly: true },
  { key: "tokens", label: "tokens", numeric: true, foldersOnly: false },
  { key: "share", label: "% of window", numeric: true, foldersOnly: false },
];

/** Folders and files of a codebase with their exact tokens, sortable, to see what eats the window. */
export function CodebaseTree({ document }: { document: DocumentView }) {
  const tree = useMemo(() => readCodebaseMeta(document.meta)?.tree ?? null, [document.meta]);
  const files = useMemo(() => fileRows(document.units), [document.units]);
  const { health } = useHealth();
  const [view, setView] = useState<TreeView>(tree ? "folders" : "files");
  const [sort, setSort] = useState<{ key: TreeSortKey; direction: TreeSortDirection }>({ key: "tokens", direction: "descending" });
  const [showAll, setShowAll] = useState(false);

  const rows = useMemo(() => sortRows(view === "folders" && tree ? folderRows(tree) : files, sort.key, sort.direction), [view, tree, files, sort]);
  const columns = COLUMNS.filter((column) => view === "folders" || !column.foldersOnly);
  const shown = showAll ? rows : rows.slice(0, FIRST_ROWS);
  // The model's window when the server has told us; until then, the document itself.
  const windowTokens = health?.contextWindowTokens ?? null;
  const denominator = windowTokens ?? document.totalTokens;

  function sortBy(key: TreeSortKey) {
    setSort((current) => (current.key === key ? { key, direction: current.direction === "ascending" ? "descending" : "ascending" } : { key, direction: firstDirection(key) }));
  }

  function switchTo(next: TreeView) {
    setView(next);
    setShowAll(false);
    // Files have no files or lines column to sort by.
    if (next === "files") setSort((current) => (current.key === "files" || current.key === "lines" ? { key: "tokens", direction: "descending" } : current));
  }

  if (!tree && files.length === 0) return null;

  return (
    <section className="space-y-2 text-sm" aria-labelledby="codebase-tree-heading">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="codebase-tree-heading" className="font-medium">
          What eats the window
        </h3>
        {tree ? (
          <div role="group" aria-label="Show folders or files" className="inline-flex overflow-hidden rounded-md border border-zinc-300 dark:border-zinc-700">
            {(["folders", "files"] as const).map((option) => (
              <button
                key={option}
                type="button"
                aria-pressed={view === option}
                onClick={() => switchTo(option)}
                data-testid={`tree-view-${option}`}
                className={`px-3 py-1 text-xs font-medium ${focusRing} ${view === option ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "hover:bg-zinc-100 dark:hover:bg-zinc-800"}`}
              >
                {option === "folders" ? "Folders" : "Files"}
              </button>
            ))}
          </div>
        ) : null}
      </div>
      <div className="max-h-96 overflow-y-auto">
        <table className="w-full text-left" data-testid="codebase-tree">
          <caption className="pb-1 text-left text-xs text-zinc-500" data-testid="tree-caption">
            {view === "folders" ? "Folders, each with every file below it" : "Files"}; exact Qwen3 tokens.{" "}
            {windowTokens !== null ? `% of the model's ${formatTokens(windowTokens)}-token window.` : `% of this document's ${formatTokens(document.totalTokens)} tokens.`}
          </caption>
          <thead className="text-xs text-zinc-500">
            <tr>
              {columns.map((column) => {
                const active = sort.key === column.key;
                return (
                  <th key={column.key} scope="col" aria-sort={active ? sort.direction : "none"} className={`py-1 font-medium ${column.numeric ? "pl-3 text-right" : "pr-3"}`}>
                    <button type="button" onClick={() => sortBy(column.key)} data-testid={`tree-sort-${column.key}`} className={`inline-flex items-center gap-1 rounded hover:text-zinc-900 dark:hover:text-zinc-100 ${focusRing} ${active ? "text-zinc-900 dark:text-zinc-100" : ""}`}>
                      {column.label}
                      <span aria-hidden="true">{active ? (sort.direction === "ascending" ? "▲" : "▼") : ""}</span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.path} className="border-t border-zinc-100 dark:border-zinc-800" data-testid="tree-row">
                <td className="py-1 pr-3 font-mono break-all">{row.path === "" ? "(root)" : row.path}</td>
                {view === "folders" ? (
                  <>
                    <td className="py-1 pl-3 text-right tabular-nums">{formatTokens(row.files ?? 0)}</td>
                    <td className="py-1 pl-3 text-right tabular-nums">{formatTokens(row.lines ?? 0)}</td>
                  </>
                ) : null}
                <td className="py-1 pl-3 text-right tabular-nums">{formatTokens(row.tokens)}</td>
                <td className="py-1 pl-3 text-right tabular-nums">{formatShare(row.tokens, denominator)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > FIRST_ROWS ? (
        <button type="button" onClick={() => setShowAll((current) => !current)} data-testid="tree-show-all" className={`rounded text-xs font-medium text-indigo-700 hover:underline dark:text-indigo-300 ${focusRing}`}>
          {showAll ? `Show the top ${FIRST_ROWS}` : `Show all ${formatTokens(rows.length)}`}
        </button>
      ) : null}
    </section>
  );
}
