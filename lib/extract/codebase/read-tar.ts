import { Readable, Transform, type TransformCallback } from "node:stream";
import { createGunzip } from "node:zlib";
import { type Header, extract as tarExtract } from "tar-stream";
import { AppError, isAppError } from "../../errors";
import { tooLargeUnpacked, tooManyEntries } from "./archive-errors";
import { oversizeReason } from "./exclusions";
import { staticExclusion } from "./path-policy";
import { displayName, safeEntryPath } from "./safe-path";
import { commonRoot, stripRoot } from "./strip-root";
import type { CodebaseLimits, CollectResult, RawEntry, Skip } from "./types";

/**
 * Collect stage for a .tar, .tar.gz or .tgz held in memory, streamed: gunzip → byte counter →
 * tar parser, one entry at a time. The counter stops the stream the moment the unpacked bytes
 * pass the limit (a gzip bomb costs at most the limit). Links and devices are skipped, never
 * followed. A tar has no directory to read first, so .gitignore rules are applied later, by the
 * filter stage; only the fixed exclusions (node_modules, dist…) and the size limit keep entries
 * out of memory here.
 */
export async function collectTar(bytes: Uint8Array, gzipped: boolean, limits: CodebaseLimits): Promise<CollectResult> {
  const extract = tarExtract();
  const source = Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]);
  const counter = byteLimit(limits.maxUnpackedBytes);
  // tar-stream's extract is a streamx stream: wire errors by hand rather than through pipeline().
  const fail = (error: Error) => extract.destroy(error);
  counter.on("error", fail);
  if (gzipped) {
    // 256 KB output chunks instead of zlib's 16 KB: 16× fewer trips through the streams.
    const gunzip = createGunzip({ chunkSize: 256 * 1024 });
    gunzip.on("error", fail);
    source.pipe(gunzip).pipe(counter);
  } else source.pipe(counter);
  counter.pipe(extract);

  const entries: RawEntry[] = [];
  const skipped: Array<Skip & { safe: boolean }> = [];
  const excluded: string[] = [];
  let count = 0;
  let unpackedBytes = 0;
  try {
    for await (const entry of extract) {
      count += 1;
      if (count > limits.maxEntries) throw tooManyEntries(undefined, limits.maxEntries);
      const verdict = tarVerdict(entry.header, limits);
      if (verdict.kind !== "read") {
        entry.resume();
        if (verdict.kind === "skip") skipped.push(verdict.skip);
        else if (verdict.kind === "excluded") excluded.push(verdict.path);
        continue;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of entry) if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      const content = Buffer.concat(chunks);
      unpackedBytes += content.byteLength;
      entries.push({ path: verdict.path, bytes: new Uint8Array(content.buffer, content.byteOffset, content.byteLength) });
    }
  } catch (error) {
    source.destroy();
    extract.destroy();
    if (isAppError(error)) throw error;
    throw new AppError("archive_corrupt", 422, `The archive could not be read (${(error as Error).message}). Re-create it (for example with \`git archive --format=tar.gz\`) and upload it again.`, { cause: error });
  }

  const root = commonRoot([...entries.map((entry) => entry.path), ...excluded, ...skipped.filter((skip) => skip.safe).map((skip) => skip.label)]);
  for (const entry of entries) entry.path = stripRoot(entry.path, root);
  for (const skip of skipped) if (skip.safe) skip.label = stripRoot(skip.label, root);
  for (const path of excluded) {
    const label = stripRoot(path, root);
    const exclusion = staticExclusion(label) ?? staticExclusion(path) ?? { reason: "excluded" };
    skipped.push({ label, reason: exclusion.reason, folder: exclusion.folder, safe: true });
  }
  return { entries, skipped: skipped.map(({ label, reason, folder }) => (folder === undefined ? { label, reason } : { label, reason, folder })), unpackedBytes };
}

type TarVerdict = { kind: "read"; path: string } | { kind: "skip"; skip: Skip & { safe: boolean } } | { kind: "excluded"; path: string } | { kind: "none" };

const METADATA_TYPES = new Set(["directory", "pax-header", "pax-global-header", "gnu-long-path", "gnu-long-link-path"]);

function tarVerdict(header: Header, limits: CodebaseLimits): TarVerdict {
  const type = header.type ?? "file";
  if (METADATA_TYPES.has(type)) return { kind: "none" };
  const safe = safeEntryPath(header.name);
  if (!safe.ok) return { kind: "skip", skip: { label: displayName(header.name), reason: safe.reason, safe: false } };
  const label = safe.path;
  const skip = (reason: string): TarVerdict => ({ kind: "skip", skip: { label, reason, safe: true } });
  if (type === "symlink") return skip(`symbolic link (to ${header.linkname ?? "?"}): not followed`);
  if (type === "link") return skip(`hard link (to ${header.linkname ?? "?"}): not followed`);
  if (type !== "file" && type !== "contiguous-file") return skip(`special entry (${type}): not read`);
  const size = header.size ?? 0;
  if (size > limits.maxFileBytes) return skip(oversizeReason(size, limits.maxFileBytes));
  if (excludedEither(label)) return { kind: "excluded", path: label };
  return { kind: "read", path: label };
}

/**
 * Whether the fixed rules exclude a path under both readings of its first folder: as the
 * archive's wrapper (stripped later) or as a real folder. Only then is it safe to drop unread.
 */
function excludedEither(path: string): boolean {
  if (!staticExclusion(path)) return false;
  const slash = path.indexOf("/");
  return slash < 0 || staticExclusion(path.slice(slash + 1)) !== null;
}

/** Passes bytes through and fails the stream once more than `limit` bytes have gone by. */
function byteLimit(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      seen += chunk.byteLength;
      if (seen > limit) callback(tooLargeUnpacked(limit));
      else callback(null, chunk);
    },
  });
}
