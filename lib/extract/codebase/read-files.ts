import { tooLargeUnpacked, tooManyEntries } from "./archive-errors";
import { displayName, safeEntryPath } from "./safe-path";
import { commonRoot, stripRoot } from "./strip-root";
import type { CodebaseLimits, CollectResult, RawEntry, Skip } from "./types";

/**
 * Collect stage for files uploaded from a browser folder picker, each with its relative path
 * (`webkitRelativePath`, "my-repo/src/app.ts"). The paths come from the client, so they get the
 * same checks as archive names. The picked folder's name is stripped like an archive's wrapper.
 */
export function collectFiles(files: ReadonlyArray<{ path: string; bytes: Uint8Array }>, limits: CodebaseLimits): CollectResult {
  if (files.length > limits.maxEntries) throw tooManyEntries(files.length, limits.maxEntries);
  const total = files.reduce((sum, file) => sum + file.bytes.byteLength, 0);
  if (total > limits.maxUnpackedBytes) throw tooLargeUnpacked(limits.maxUnpackedBytes, total);

  const skipped: Skip[] = [];
  const named: RawEntry[] = [];
  for (const file of files) {
    const safe = safeEntryPath(file.path);
    if (safe.ok) named.push({ path: safe.path, bytes: file.bytes });
    else skipped.push({ label: displayName(file.path), reason: safe.reason });
  }
  const root = commonRoot(named.map((entry) => entry.path));
  const entries = named.map((entry) => ({ path: stripRoot(entry.path, root), bytes: entry.bytes }));
  return { entries, skipped, unpackedBytes: total };
}
