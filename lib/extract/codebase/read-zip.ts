import { tooLargeUnpacked, tooManyEntries } from "./archive-errors";
import { baseName, oversizeReason } from "./exclusions";
import { eventLoopSlices } from "./event-loop-slices";
import { formatBytes, formatNumber } from "./format-numbers";
import { type InflateItem, type InflateMany, inflateInThread } from "./inflate-entry";
import type { PathPolicy } from "./path-policy";
import { displayName, safeEntryPath } from "./safe-path";
import { commonRoot, stripRoot } from "./strip-root";
import type { CodebaseLimits, CollectResult, RawEntry, Skip } from "./types";
import { type ZipDirectoryEntry, readZipDirectory, zipDataOffset } from "./zip-directory";

/**
 * Collect stage for a .zip held in memory. Everything is decided from the central directory
 * before inflating: entry count, total declared size, names, links, encryption, per-entry size
 * and compression ratio, overlapping data (the "overlapping files" zip bomb). Then the
 * .gitignore files are inflated first, so ignored folders are never inflated at all. An entry
 * is inflated up to its declared size and dropped if it tries to grow past it.
 *
 * Inflating is `inflate`'s job: the server passes the worker pool's (count-pool.ts), so a large
 * upload is inflated on other threads; the default inflates here, a slice at a time.
 */
export async function collectZip(bytes: Uint8Array, limits: CodebaseLimits, policy: PathPolicy, inflate: InflateMany = inflateInThread): Promise<CollectResult> {
  const directory = readZipDirectory(bytes, limits.maxEntries, (count) => tooManyEntries(count, limits.maxEntries));
  const skipped: Skip[] = [];
  // Checking every name, matching every path against the ignore rules and locating every
  // entry's data are tens of milliseconds on a large archive: these loops give the event loop turns.
  const breathe = eventLoopSlices();
  const named: Array<{ entry: ZipDirectoryEntry; path: string }> = [];
  for (const entry of directory) {
    await breathe();
    const safe = safeEntryPath(entry.name);
    if (!safe.ok) {
      if (entry.type !== "directory" || safe.reason !== "empty name") skipped.push({ label: displayName(entry.name), reason: safe.reason });
      continue;
    }
    if (entry.type !== "directory") named.push({ entry, path: safe.path });
  }
  const root = commonRoot(named.map(({ path }) => path));
  for (const item of named) item.path = stripRoot(item.path, root);

  const declared = named.reduce((sum, { entry }) => sum + (entry.type === "file" ? entry.size : 0), 0);
  if (declared > limits.maxUnpackedBytes) throw tooLargeUnpacked(limits.maxUnpackedBytes, declared);

  const overlapping = findOverlapping(bytes, named.map(({ entry }) => entry));
  /** Each entry's bytes, or why it was not read. */
  const read = async (entries: readonly ZipDirectoryEntry[]): Promise<Array<Uint8Array | string>> => {
    const results: Array<Uint8Array | string> = [];
    const deflated: Array<{ at: number; item: InflateItem }> = [];
    for (const entry of entries) {
      await breathe();
      const located = refusal(entry, limits, overlapping) ?? entryData(bytes, entry);
      if (typeof located !== "string" && entry.method === 8) deflated.push({ at: results.length, item: { data: located, size: entry.size } });
      results.push(located);
    }
    const inflated = await inflate(deflated.map(({ item }) => item));
    deflated.forEach(({ at, item }, index) => {
      results[at] = inflated[index] ?? `does not inflate to the ${formatBytes(item.size)} it declares: damaged or malicious entry, not read`;
    });
    return results;
  };

  // .gitignore files first, shallowest first, so a deeper one sees its parents' verdicts.
  const gitignores = named.filter(({ path, entry }) => baseName(path) === ".gitignore" && entry.type === "file").sort((a, b) => a.path.split("/").length - b.path.split("/").length);
  const gitignoreContents = new Map<ZipDirectoryEntry, Uint8Array | string>();
  for (const { entry, path } of gitignores) {
    const dir = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
    if (policy.checkDir(dir)) continue;
    // One at a time: a .gitignore can exclude the folder of the next one.
    const [content = "not read"] = await read([entry]);
    gitignoreContents.set(entry, content);
    if (typeof content !== "string") policy.addGitignore(dir, new TextDecoder().decode(content));
  }

  const plan: Array<{ path: string; skip: Skip } | { path: string; entry: ZipDirectoryEntry }> = [];
  for (const { entry, path } of named) {
    await breathe();
    if (entry.type === "symlink") plan.push({ path, skip: { label: path, reason: "symbolic link: not followed" } });
    else if (entry.type === "other") plan.push({ path, skip: { label: path, reason: "special file (device, FIFO or socket): not read" } });
    else {
      const excluded = policy.checkFile(path);
      plan.push(excluded ? { path, skip: { label: path, reason: excluded.reason, folder: excluded.folder } } : { path, entry });
    }
  }
  const toRead = plan.flatMap((item) => ("entry" in item && !gitignoreContents.has(item.entry) ? [item.entry] : []));
  const contents = new Map<ZipDirectoryEntry, Uint8Array | string>(gitignoreContents);
  (await read(toRead)).forEach((content, index) => contents.set(toRead[index] as ZipDirectoryEntry, content));

  const entries: RawEntry[] = [];
  let unpackedBytes = 0;
  for (const item of plan) {
    const content = "entry" in item ? (contents.get(item.entry) ?? "not read") : item.skip;
    if (typeof content === "string") skipped.push({ label: item.path, reason: content });
    else if (content instanceof Uint8Array) {
      unpackedBytes += content.byteLength;
      entries.push({ path: item.path, bytes: content });
    } else skipped.push(content);
  }
  return { entries, skipped, unpackedBytes };
}

/** Why an entry must not be inflated, from its central directory record alone, or null. */
function refusal(entry: ZipDirectoryEntry, limits: CodebaseLimits, overlapping: Set<ZipDirectoryEntry>): string | null {
  if (entry.encrypted) return "encrypted (password-protected) entry: re-create the zip without a password";
  if (entry.size > limits.maxFileBytes) return oversizeReason(entry.size, limits.maxFileBytes);
  if (entry.size > limits.compressionRatioMinBytes && entry.size > entry.compressedSize * limits.maxCompressionRatio) {
    const ratio = entry.compressedSize === 0 ? "unbounded" : `${formatNumber(Math.round(entry.size / entry.compressedSize))}:1`;
    return `compression ratio ${ratio} on ${formatBytes(entry.size)} (zip bomb pattern): not inflated`;
  }
  if (entry.method !== 0 && entry.method !== 8) return `compression method ${entry.method} is not supported: re-create the zip with standard (deflate) compression`;
  if (entry.method === 0 && entry.size !== entry.compressedSize) return "stored entry whose sizes disagree: damaged archive";
  if (overlapping.has(entry)) return "its data overlaps another entry's (zip bomb pattern): not inflated";
  return null;
}

/** Entries whose compressed data starts inside an earlier entry's data. */
function findOverlapping(bytes: Uint8Array, entries: ZipDirectoryEntry[]): Set<ZipDirectoryEntry> {
  const overlapping = new Set<ZipDirectoryEntry>();
  const sorted = entries.filter((entry) => entry.type === "file").sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  let end = 0;
  for (const entry of sorted) {
    if (entry.localHeaderOffset < end) {
      overlapping.add(entry);
      continue;
    }
    try {
      end = zipDataOffset(bytes, entry) + entry.compressedSize;
    } catch {
      // A damaged local header is reported when the entry is read.
    }
  }
  return overlapping;
}

/** An entry's stored (method 0) or raw deflate (method 8) data within the archive; a reason string when its local header is damaged. */
function entryData(bytes: Uint8Array, entry: ZipDirectoryEntry): Uint8Array | string {
  try {
    const start = zipDataOffset(bytes, entry);
    return bytes.subarray(start, start + entry.compressedSize);
  } catch (error) {
    return `damaged entry: ${(error as Error).message}`;
  }
}
