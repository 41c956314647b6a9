import type { AppConfig } from "../../config";
import type { CodebaseLimits } from "./types";

/** Per-file cap: a source file past 1 MB is nearly always data, generated or vendored. */
export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;
/** Zip entries unpacking to more than 1 MB at a ratio over 200:1 are refused (text compresses 3–10:1). */
export const DEFAULT_MAX_COMPRESSION_RATIO = 200;
export const DEFAULT_COMPRESSION_RATIO_MIN_BYTES = 1024 * 1024;

/** The limits from the validated configuration, with per-call overrides (a CLI flag, a test). */
export function codebaseLimits(config: Pick<AppConfig, "archiveMaxUnpackedBytes" | "archiveMaxEntries" | "uploadMaxBytes">, overrides: Partial<CodebaseLimits> = {}): CodebaseLimits {
  return {
    maxUnpackedBytes: config.archiveMaxUnpackedBytes,
    maxEntries: config.archiveMaxEntries,
    maxArchiveBytes: config.uploadMaxBytes,
    maxFileBytes: DEFAULT_MAX_FILE_BYTES,
    maxCompressionRatio: DEFAULT_MAX_COMPRESSION_RATIO,
    compressionRatioMinBytes: DEFAULT_COMPRESSION_RATIO_MIN_BYTES,
    ...overrides,
  };
}
