import { decodeSourceFile } from "./decode-source-file";
import { eventLoopSlices } from "./event-loop-slices";
import { baseName, oversizeReason } from "./exclusions";
import type { PathPolicy } from "./path-policy";
import { looksMinified, textShape } from "./text-shape";
import type { CodebaseLimits, RawEntry, Skip, TextFile } from "./types";
import { formatNumber } from "./format-numbers";

export interface FilterResult {
  /** Text files to review, sorted by path. */
  files: TextFile[];
  skipped: Skip[];
}

/**
 * Filter stage: every collected entry either becomes a text file or a skip with its reason.
 * Runs the path policy again now that every .gitignore is known (tar streams and uploaded files
 * could not know them up front), then looks at content: size, encoding, binary, minified.
 */
export function filterEntries(entries: readonly RawEntry[], policy: PathPolicy, limits: CodebaseLimits): FilterResult {
  const { sorted, skipped } = prepare(entries, policy);
  const files: TextFile[] = [];
  for (const entry of sorted) sortInto(toTextFile(entry, policy, limits), files, skipped);
  return { files, skipped };
}

/**
 * filterEntries for the server: decoding and measuring 17 MB of text is tens of milliseconds,
 * so the loop gives the event loop a turn every few milliseconds (event-loop-slices.ts).
 */
export async function filterEntriesInSlices(entries: readonly RawEntry[], policy: PathPolicy, limits: CodebaseLimits): Promise<FilterResult> {
  const { sorted, skipped } = prepare(entries, policy);
  const files: TextFile[] = [];
  const breathe = eventLoopSlices();
  for (const entry of sorted) {
    await breathe();
    sortInto(toTextFile(entry, policy, limits), files, skipped);
  }
  return { files, skipped };
}

/** Drops duplicate paths, applies every .gitignore found, and sorts the entries by path. */
function prepare(entries: readonly RawEntry[], policy: PathPolicy): { sorted: RawEntry[]; skipped: Skip[] } {
  const skipped: Skip[] = [];
  const unique = new Map<string, RawEntry>();
  for (const entry of entries) {
    if (unique.has(entry.path)) skipped.push({ label: entry.path, reason: "duplicate path: the first copy was kept" });
    else unique.set(entry.path, entry);
  }
  addGitignores([...unique.values()], policy);
  return { sorted: [...unique.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), skipped };
}

function sortInto(reasonOrFile: TextFile | Skip, files: TextFile[], skipped: Skip[]): void {
  if ("reason" in reasonOrFile) skipped.push(reasonOrFile);
  else files.push(reasonOrFile);
}

function toTextFile(entry: RawEntry, policy: PathPolicy, limits: CodebaseLimits): TextFile | Skip {
  const label = entry.path;
  const excluded = policy.checkFile(label);
  if (excluded) return excluded.folder === undefined ? { label, reason: excluded.reason } : { label, reason: excluded.reason, folder: excluded.folder };
  const size = entry.bytes.byteLength;
  if (size > limits.maxFileBytes) return { label, reason: oversizeReason(size, limits.maxFileBytes) };
  const decoded = decodeSourceFile(entry.bytes);
  if (!decoded.ok) return { label, reason: decoded.reason };
  if (decoded.text.trim() === "") return { label, reason: "empty file" };
  const shape = textShape(decoded.text);
  if (looksMinified(decoded.text, shape)) return { label, reason: `minified or generated (a ${formatNumber(shape.longestLine)}-character line): not reviewable source` };
  return { path: label, text: decoded.text, lines: shape.lines, bytes: size };
}

/** Feeds the policy every .gitignore it has not seen, shallowest first, skipping those inside excluded folders. */
function addGitignores(entries: readonly RawEntry[], policy: PathPolicy): void {
  const gitignores = entries.filter((entry) => baseName(entry.path) === ".gitignore").sort((a, b) => a.path.split("/").length - b.path.split("/").length);
  for (const entry of gitignores) {
    const dir = entry.path.includes("/") ? entry.path.slice(0, entry.path.lastIndexOf("/")) : "";
    if (policy.gitignore.has(dir) || policy.checkDir(dir)) continue;
    const decoded = decodeSourceFile(entry.bytes);
    if (decoded.ok) policy.addGitignore(dir, decoded.text);
  }
}
