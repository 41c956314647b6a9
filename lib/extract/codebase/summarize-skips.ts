import type { SkippedUnit } from "../types";
import type { Skip } from "./types";
import { formatNumber } from "./format-numbers";

/**
 * Files inside an excluded folder are reported once, as the folder (`node_modules/`, with how
 * many files it held), so a repository with its dependencies checked in gives one line, not
 * forty thousand. Sorted by label.
 */
export function summarizeSkips(skips: readonly Skip[]): SkippedUnit[] {
  const folders = new Map<string, { reason: string; files: number }>();
  const out: SkippedUnit[] = [];
  for (const skip of skips) {
    if (skip.folder === undefined) {
      out.push({ label: skip.label, reason: skip.reason });
      continue;
    }
    const folder = folders.get(skip.folder);
    if (folder) folder.files += 1;
    else folders.set(skip.folder, { reason: skip.reason, files: 1 });
  }
  for (const [path, { reason, files }] of folders) {
    out.push({ label: `${path}/`, reason: `${reason} (${formatNumber(files)} ${files === 1 ? "file" : "files"})` });
  }
  return out.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}
