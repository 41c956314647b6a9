import type { Dirent } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { AppError } from "../../errors";
import { tooLargeUnpacked, tooManyEntries } from "./archive-errors";
import { oversizeReason } from "./exclusions";
import type { PathPolicy } from "./path-policy";
import type { CodebaseLimits, CollectResult, RawEntry, Skip } from "./types";

/** Files read at once: enough to hide disk latency, few enough not to exhaust file handles. */
const READ_CONCURRENCY = 32;

/**
 * Collect stage for a local folder (the CLI). Each folder's .gitignore is read before its
 * children are listed, so ignored and excluded folders (node_modules…) are never opened.
 * Symbolic links are reported, never followed: a link can point anywhere on the machine.
 */
export async function collectDirectory(root: string, limits: CodebaseLimits, policy: PathPolicy): Promise<CollectResult> {
  const stat = await fs.stat(root).catch(() => null);
  if (!stat?.isDirectory()) throw new AppError("not_a_directory", 400, `"${root}" is not a folder. Pass the path of the repository's root folder.`);

  const skipped: Skip[] = [];
  const files: string[] = [];
  const pending = [""];
  while (pending.length > 0) {
    const dir = pending.pop() ?? "";
    const children = (await fs.readdir(path.join(root, dir), { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    const gitignore = children.find((child) => child.name === ".gitignore" && child.isFile());
    if (gitignore) policy.addGitignore(dir, await fs.readFile(path.join(root, dir, ".gitignore"), "utf8"));
    for (const child of children) {
      const relative = dir === "" ? child.name : `${dir}/${child.name}`;
      const verdict = classify(child, relative, policy);
      if (verdict === "dir") pending.push(relative);
      else if (verdict === "file") files.push(relative);
      else skipped.push(verdict);
    }
    if (files.length > limits.maxEntries) throw tooManyEntries(undefined, limits.maxEntries);
  }

  const entries: RawEntry[] = [];
  let unpackedBytes = 0;
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const relative = files[next++] ?? "";
      const absolute = path.join(root, relative);
      const { size } = await fs.stat(absolute);
      if (size > limits.maxFileBytes) {
        skipped.push({ label: relative, reason: oversizeReason(size, limits.maxFileBytes) });
        continue;
      }
      const bytes = await fs.readFile(absolute);
      unpackedBytes += bytes.byteLength;
      if (unpackedBytes > limits.maxUnpackedBytes) throw tooLargeUnpacked(limits.maxUnpackedBytes);
      entries.push({ path: relative, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
    }
  };
  await Promise.all(Array.from({ length: READ_CONCURRENCY }, worker));
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { entries, skipped, unpackedBytes };
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
