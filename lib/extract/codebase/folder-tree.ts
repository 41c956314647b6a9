import type { CountedFile, FolderStat } from "./types";

/**
 * `meta.tree`: one row per folder (the root is ""), with the files, exact tokens and lines of
 * everything below it, so a person can sort what eats the window. Flat and sorted by path;
 * `depth` lets a view indent or collapse it.
 */
export function folderTree(files: readonly Pick<CountedFile, "path" | "tokens" | "lines">[]): FolderStat[] {
  const folders = new Map<string, FolderStat>();
  const add = (path: string, file: Pick<CountedFile, "tokens" | "lines">) => {
    let stat = folders.get(path);
    if (!stat) {
      stat = { path, depth: path === "" ? 0 : path.split("/").length, files: 0, tokens: 0, lines: 0 };
      folders.set(path, stat);
    }
    stat.files += 1;
    stat.tokens += file.tokens;
    stat.lines += file.lines;
  };
  for (const file of files) {
    add("", file);
    const segments = file.path.split("/");
    for (let depth = 1; depth < segments.length; depth += 1) add(segments.slice(0, depth).join("/"), file);
  }
  return [...folders.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
