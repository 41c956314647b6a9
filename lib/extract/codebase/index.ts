/**
 * Codebase ingest: an archive, a folder or uploaded files → a `SourceDocument` of numbered
 * source files with exact token counts, every skipped entry with its reason, and measured facts
 * (`meta.facts`) and a folder tree (`meta.tree`). Nothing is written to disk.
 */
import path from "node:path";
import type { ExtractProgress, SourceDocument } from "../types";
import { uploadTooLarge, unsupportedArchive } from "./archive-errors";
import { archiveBaseName, detectArchive } from "./detect-archive";
import { PathPolicy } from "./path-policy";
import { type CodebaseSource, type IngestDeps, defaultIngestDeps, ingestCollected, stopwatch } from "./pipeline";
import { collectDirectory } from "./read-directory";
import { collectFiles } from "./read-files";
import { collectTar } from "./read-tar";
import { collectZip } from "./read-zip";
import type { CodebaseLimits, CollectResult } from "./types";

export interface CodebaseOptions {
  onProgress?: (progress: ExtractProgress) => void;
  deps?: IngestDeps;
}

export async function extractCodebaseArchive(input: { bytes: Uint8Array; filename: string; limits: CodebaseLimits }, options: CodebaseOptions = {}): Promise<SourceDocument> {
  const { bytes, filename, limits } = input;
  if (bytes.byteLength > limits.maxArchiveBytes) throw uploadTooLarge(bytes.byteLength, limits.maxArchiveBytes);
  const format = detectArchive(bytes, filename);
  if (format === null) throw unsupportedArchive(filename);
  const policy = new PathPolicy();
  return run(archiveBaseName(filename), format, policy, limits, options, bytes.byteLength, (deps) => (format === "zip" ? collectZip(bytes, limits, policy, deps.inflate) : collectTar(bytes, format === "tar.gz", limits)));
}

/** Files from a browser folder picker, each with its relative path (`webkitRelativePath`). */
export async function extractCodebaseFiles(files: ReadonlyArray<{ path: string; bytes: Uint8Array }>, name: string, limits: CodebaseLimits, options: CodebaseOptions = {}): Promise<SourceDocument> {
  const total = files.reduce((sum, file) => sum + file.bytes.byteLength, 0);
  if (total > limits.maxArchiveBytes) throw uploadTooLarge(total, limits.maxArchiveBytes);
  return run(name, "files", new PathPolicy(), limits, options, total, async () => collectFiles(files, limits));
}

/** A folder on this machine (the CLI). Symbolic links inside it are reported, never followed. */
export async function extractCodebaseDirectory(dirPath: string, limits: CodebaseLimits, options: CodebaseOptions = {}): Promise<SourceDocument> {
  const policy = new PathPolicy();
  const name = path.basename(path.resolve(dirPath));
  return run(name, "directory", policy, limits, options, null, () => collectDirectory(dirPath, limits, policy));
}

/** `inputBytes`: the upload's size, or null for a folder (unknown before the walk). */
async function run(name: string, source: CodebaseSource, policy: PathPolicy, limits: CodebaseLimits, options: CodebaseOptions, inputBytes: number | null, collect: (deps: IngestDeps) => Promise<CollectResult>): Promise<SourceDocument> {
  const deps = options.deps ?? defaultIngestDeps();
  const clock = stopwatch();
  // Before unpacking: counting workers start on the other cores while this thread reads the input.
  deps.prepare?.(inputBytes);
  const collected = await collect(deps);
  const { wallMs: collectMs, cpuMs: collectCpuMs } = clock.lap();
  return ingestCollected(collected, { name, source, policy, limits, collectMs, collectCpuMs, onProgress: options.onProgress }, deps);
}

export { codebaseLimits } from "./limits";
export { rankFilesForReview, type FileRank } from "./rank-files";
export { renderFactsMarkdown } from "./render-facts";
export { renderRepoMap } from "./render-repo-map";
export { stripLineNumbers } from "./number-lines";
export { readCodebaseMeta, type CodebaseMeta } from "./codebase-meta";
export type { CodebaseFacts } from "./facts/types";
export type { CodebaseLimits, FolderStat } from "./types";
