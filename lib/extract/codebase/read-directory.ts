import fs, { type Dirent } from "node:fs";
import path from "node:path";
import { AppError } from "../../errors";
import { tooLargeUnpacked, tooManyEntries } from "./archive-errors";
import { oversizeReason } from "./exclusions";
import type { PathPolicy } from "./path-policy";
import type { CodebaseLimits, CollectResult, RawEntry, Skip } from "./types";

/**
 * Collect stage for a local folder (the CLI and the benchmark; the web app receives archives or
 * uploaded files). Each folder's .gitignore is read before its children are listed, so ignored
 * and excluded folders (node_modules…) are never opened. Symbolic links are reported, never
 * followed: a link can point anywhere on the machine.
 *
 * Synchronous on purpose: reading thousands of small files through fs/promises costs an event
 * loop round trip and a thread-pool hop per open, fstat, read and close; on a tree of tens of
 * thousands of files that made the promise version several times slower (docs/benchmarks/codebase.md).
 */
export async function collectDirectory(root: string, limits: CodebaseLimits, policy: PathPolicy): Promise<CollectResult> {
  const stat = fs.statSync(root, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) throw new AppError("not_a_directory", 400, `"${root}" is not a folder. Pass the path of the repository's root folder.`);

  const skipped: Skip[] = [];
  const entries: RawEntry[] = [];
  let unpackedBytes = 0;
  const pending = [""];
  while (pending.length > 0) {
    const dir = pending.pop() ?? "";
    const children = fs.readdirSync(path.join(root, dir), { withFileTypes: true });
    const gitignore = children.find((child) => child.name === ".gitignore" && child.isFile());
    if (gitignore) policy.addGitignore(dir, fs.readFileSync(path.join(root, dir, ".gitignore"), "utf8"));
    for (const child of children) {
      const relative = dir === "" ? child.name : `${dir}/${child.name}`;
      const verdict = classify(child, relative, policy);
      if (verdict === "dir") pending.push(relative);
      else if (verdict !== "file") skipped.push(verdict);
      else {
        const read = readCapped(path.join(root, relative), limits.maxFileBytes);
        if (typeof read === "number") {
          skipped.push({ label: relative, reason: oversizeReason(read, limits.maxFileBytes) });
          continue;
        }
        unpackedBytes += read.byteLength;
        if (unpackedBytes > limits.maxUnpackedBytes) throw tooLargeUnpacked(limits.maxUnpackedBytes);
        entries.push({ path: relative, bytes: read });
        if (entries.length > limits.maxEntries) throw tooManyEntries(undefined, limits.maxEntries);
      }
    }
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { entries, skipped, unpackedBytes };
}

/** The file's bytes, or its size when that is over `maxBytes` (then nothing is read). */
function readCapped(file: string, maxBytes: number): Uint8Array | number {
  const fd = fs.openSync(file, "r");
  try {
    const { size } = fs.fstatSync(fd);
    if (size > maxBytes) return size;
    const bytes = new Uint8Array(size);
    let offset = 0;
    while (offset < size) {
      const read = fs.readSync(fd, bytes, offset, size - offset, offset);
      if (read === 0) break;
      offset += read;
    }
    return offset === size ? bytes : bytes.subarray(0, offset);
  } finally {
    fs.closeSync(fd);
  }
}

function classify(child: Dirent, relative: string, policy: PathPolicy): "dir" | "file" | Skip {
  if (child.isSymbolicLink()) return { label: relative, reason: "symbolic link: not followed" };
  if (child.isDirectory()) {
    const excluded = policy.checkDir(relative);
    return excluded ? { label: `${relative}/`, reason: excluded.reason } : "dir";
  }
  if (!child.isFile()) return { label: relative, reason: "special file (device, FIFO or socket): not read" };
  const excluded = policy.checkFile(relative);
  return excluded ? { label: relative, reason: excluded.reason } : "file";
}
