import type { FolderStat } from "@/lib/extract/codebase/types";
import type { UnitSummary } from "../api/types";

/** One row of the codebase tree: a folder (with its file and line totals) or a file. */
export interface TreeRow {
  /** Path relative to the codebase root; "" is the root folder. */
  path: string;
  /** Files below the folder; null for a file row. */
  files: number | null;
  /** Lines below the folder; null for a file row (units carry no line count). */
  lines: number | null;
  /** Exact Qwen3 tokens. */
  tokens: number;
}

export type TreeSortKey = "path" | "files" | "lines" | "tokens" | "share";
export type TreeSortDirection = "ascending" | "descending";

export function folderRows(tree: readonly FolderStat[]): TreeRow[] {
  return tree.map((folder) => ({ path: folder.path, files: folder.files, lines: folder.lines, tokens: folder.tokens }));
}

export function fileRows(units: readonly UnitSummary[]): TreeRow[] {
  return units.filter((unit) => unit.kind === "file").map((unit) => ({ path: unit.label, files: null, lines: null, tokens: unit.tokens }));
}

// Code-point order, not localeCompare: paths sort the same in every browser and in the tests.
function comparePaths(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

function valueOf(row: TreeRow, key: Exclude<TreeSortKey, "path">): number {
  // The share of the window is tokens over a constant, so it sorts as tokens do.
  if (key === "share") return row.tokens;
  return row[key] ?? 0;
}

/** A sorted copy; ties keep a stable order by path so the table does not shuffle between clicks. */
export function sortRows(rows: readonly TreeRow[], key: TreeSortKey, direction: TreeSortDirection): TreeRow[] {
  const sign = direction === "ascending" ? 1 : -1;
  return [...rows].sort((left, right) => {
    const primary = key === "path" ? comparePaths(left.path, right.path) : valueOf(left, key) - valueOf(right, key);
    return primary !== 0 ? sign * primary : comparePaths(left.path, right.path);
  });
}

/** Text columns start A→Z; number columns start with the largest, which is what a person is after. */
export function firstDirection(key: TreeSortKey): TreeSortDirection {
  return key === "path" ? "ascending" : "descending";
}

/** 12800 of 128000 → "10.0%"; a non-zero share below 0.1% reads "<0.1%" rather than "0.0%". */
export function formatShare(tokens: number, denominatorTokens: number): string {
  if (denominatorTokens <= 0) return "—";
  const percent = (tokens / denominatorTokens) * 100;
  if (tokens > 0 && percent < 0.1) return "<0.1%";
  return `${percent.toFixed(1)}%`;
}
