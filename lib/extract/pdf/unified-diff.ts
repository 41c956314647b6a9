import { createHash } from "node:crypto";

/** One file's changes in a git unified diff, as patch-package writes them. */
export interface FileDiff {
  /** Path in the new tree, without git's `b/` prefix. */
  path: string;
  /** Abbreviated git blob ids of the file before and after (the diff's `index` line). */
  oldBlob: string;
  newBlob: string;
  hunks: Hunk[];
}

interface Hunk {
  /** 1-based first line of the hunk in the new file. */
  newStart: number;
  /** The hunk's lines as in the new file (context and added) and as in the old (context and removed). */
  newLines: string[];
  oldLines: string[];
}

export function parseUnifiedDiff(text: string): FileDiff[] {
  const files: FileDiff[] = [];
  let file: FileDiff | undefined;
  let hunk: Hunk | undefined;
  for (const line of text.split("\n")) {
    const header = /^diff --git a\/(.+) b\/(.+)$/.exec(line);
    if (header) {
      file = { path: header[2] ?? "", oldBlob: "", newBlob: "", hunks: [] };
      files.push(file);
      hunk = undefined;
      continue;
    }
    if (!file) continue;
    const index = /^index ([0-9a-f]+)\.\.([0-9a-f]+)/.exec(line);
    const range = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (index && !hunk) {
      file.oldBlob = index[1] ?? "";
      file.newBlob = index[2] ?? "";
    } else if (range) {
      hunk = { newStart: Number(range[1]), newLines: [], oldLines: [] };
      file.hunks.push(hunk);
    } else if (hunk && line.startsWith(" ")) {
      hunk.newLines.push(line.slice(1));
      hunk.oldLines.push(line.slice(1));
    } else if (hunk && line.startsWith("+")) {
      hunk.newLines.push(line.slice(1));
    } else if (hunk && line.startsWith("-")) {
      hunk.oldLines.push(line.slice(1));
    }
    // "\ No newline at end of file" and the ---/+++ lines need nothing: lines are split on "\n"
    // and joined back the same way, and the blob ids check the result byte for byte.
  }
  return files;
}

/**
 * The file as it was before `diff` was applied to it: every hunk must be found exactly where the
 * diff says (no fuzz, no offset), and the result must have the diff's old git blob id, else this
 * throws. Used to get pdf.js as shipped back from the patched copy in node_modules.
 */
export function unapplyDiff(patched: string, diff: FileDiff): string {
  if (diff.oldBlob.length < 7 || diff.newBlob.length < 7) throw new Error(`${diff.path}: the diff has no git blob ids to check the files by`);
  if (!gitBlobId(patched).startsWith(diff.newBlob)) throw new Error(`${diff.path} is not the patched file the diff makes (git blob ${gitBlobId(patched).slice(0, 7)}, expected ${diff.newBlob})`);
  const lines = patched.split("\n");
  for (const hunk of [...diff.hunks].reverse()) {
    const at = hunk.newStart - 1;
    const found = lines.slice(at, at + hunk.newLines.length);
    if (found.length !== hunk.newLines.length || found.some((line, offset) => line !== hunk.newLines[offset])) throw new Error(`${diff.path}: the hunk at line ${hunk.newStart} does not match`);
    lines.splice(at, hunk.newLines.length, ...hunk.oldLines);
  }
  const original = lines.join("\n");
  if (!gitBlobId(original).startsWith(diff.oldBlob)) throw new Error(`${diff.path}: unapplying the diff did not give the original file (git blob ${gitBlobId(original).slice(0, 7)}, expected ${diff.oldBlob})`);
  return original;
}

/** git's id of a file's content: sha1 of "blob <byte length>\0" and the bytes. */
export function gitBlobId(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  return createHash("sha1").update(`blob ${bytes.byteLength}\u0000`).update(bytes).digest("hex");
}
