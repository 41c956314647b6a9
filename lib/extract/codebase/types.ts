/**
 * Shapes shared by the codebase ingest stages: collect (archive, folder or uploaded files →
 * entries) → filter (ignore rules, binaries, lockfiles… → text files) → process (line numbers)
 * → count (exact tokens) → facts and tree.
 */

/** One file as collected, before any filtering. */
export interface RawEntry {
  /** Relative POSIX path, already checked by `safeEntryPath` (no `..`, no leading `/`). */
  path: string;
  bytes: Uint8Array;
}

/** A skipped entry as the stages report it; `folder` is set when an excluded ancestor folder is the reason. */
export interface Skip {
  label: string;
  reason: string;
  folder?: string;
}

/** What a collect stage returns: files, and entries it refused to read, as data. */
export interface CollectResult {
  entries: RawEntry[];
  skipped: Skip[];
  /** Bytes of all entries read (after decompression). */
  unpackedBytes: number;
}

export interface CodebaseLimits {
  /** Refuse an archive whose entries would unpack to more than this (bytes). */
  maxUnpackedBytes: number;
  /** Refuse an archive with more entries than this. */
  maxEntries: number;
  /** Skip any single file larger than this (bytes). Default 1 MB. */
  maxFileBytes: number;
  /** Refuse the upload itself past this size (bytes). */
  maxArchiveBytes: number;
  /** Skip a zip entry whose declared unpacked size / compressed size exceeds this ratio… */
  maxCompressionRatio: number;
  /** …when its declared unpacked size is over this many bytes (small files compress well legitimately). */
  compressionRatioMinBytes: number;
}

/** A text file that passed the filter. */
export interface TextFile {
  path: string;
  /** Decoded text, LF line endings, no BOM. */
  text: string;
  /** Lines in `text` (a final newline does not start a new line). */
  lines: number;
  /** Size on disk / in the archive, bytes. */
  bytes: number;
}

/** A text file with its prompt form and exact tokens. */
export interface CountedFile extends TextFile {
  /** What is sent to the model: `text` with line numbers (`  12| code`). */
  numbered: string;
  /** Exact Qwen3 tokens of `numbered`. */
  tokens: number;
}

/** One folder's totals, including every folder below it. */
export interface FolderStat {
  /** Folder path relative to the root; "" is the root itself. */
  path: string;
  /** Depth: 0 for the root, 1 for `src`, 2 for `src/lib`. */
  depth: number;
  files: number;
  /** Exact tokens of the files' numbered text (what the model would receive). */
  tokens: number;
  lines: number;
}
