import { AppError } from "../../errors";
import { formatBytes, formatNumber } from "./format-numbers";

/** The refusals an archive can earn as a whole. Single bad entries are skipped, not thrown. */


/** `count` is undefined when a stream is cut off at the limit, before the total is known. */
export function tooManyEntries(count: number | undefined, limit: number): AppError {
  const limitText = formatNumber(limit);
  const holds = count === undefined ? `more than ${limitText} entries (the limit)` : `${formatNumber(count)} entries, over the limit of ${limitText}`;
  return new AppError(
    "archive_too_many_entries",
    413,
    `The upload holds ${holds}. Remove dependency and build folders (node_modules, dist…) before archiving, or raise ARCHIVE_MAX_ENTRIES.`,
  );
}

export function tooLargeUnpacked(limit: number, declared?: number): AppError {
  const what = declared === undefined ? `unpacks to more than ${formatBytes(limit)}` : `would unpack to ${formatBytes(declared)}, over the limit of ${formatBytes(limit)}`;
  return new AppError(
    "archive_too_large_unpacked",
    413,
    `The archive ${what}. Remove large assets, dependency and build folders before archiving, or raise ARCHIVE_MAX_UNPACKED_BYTES.`,
  );
}

export function uploadTooLarge(size: number, limit: number): AppError {
  return new AppError("upload_too_large", 413, `The upload is ${formatBytes(size)}, over the limit of ${formatBytes(limit)}. Archive the repository without dependency and build folders, or raise UPLOAD_MAX_BYTES.`);
}

export function unsupportedArchive(filename: string): AppError {
  return new AppError(
    "unsupported_archive",
    415,
    `"${filename}" is not a .zip, .tar.gz, .tgz or .tar archive. Upload the repository in one of these formats (for example \`git archive --format=zip -o repo.zip HEAD\`), or pick its folder.`,
  );
}
