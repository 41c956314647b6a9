import type { UploadPart } from "../api/upload";

/** Folders never worth uploading: version control data and installed dependencies. */
const SKIPPED_DIRECTORIES = new Set([".git", "node_modules", ".hg", ".svn", "__pycache__", ".next", ".venv"]);

export function isArchiveName(name: string): boolean {
  return /\.(zip|tar\.gz|tgz|tar)$/i.test(name);
}

export interface CollectedFolder {
  parts: UploadPart[];
  /** Files left behind in .git, node_modules and the like. */
  skippedCount: number;
}

function skippedPath(path: string): boolean {
  return path.split("/").some((segment) => SKIPPED_DIRECTORIES.has(segment));
}

/** Files picked with `<input webkitdirectory>`: each keeps its path relative to the picked folder. */
export function partsFromFolderInput(files: FileList): CollectedFolder {
  const parts: UploadPart[] = [];
  let skippedCount = 0;
  for (const file of Array.from(files)) {
    const path = file.webkitRelativePath || file.name;
    if (skippedPath(path)) skippedCount += 1;
    else parts.push({ file, filename: path });
  }
  return { parts, skippedCount };
}

/* The File and Directory Entries API, as much of it as a drop needs (not in TypeScript's DOM lib in full). */
interface Entry {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  fullPath: string;
}
interface FileEntry extends Entry {
  file(success: (file: File) => void, failure: (error: unknown) => void): void;
}
interface DirectoryEntry extends Entry {
  createReader(): { readEntries(success: (entries: Entry[]) => void, failure: (error: unknown) => void): void };
}

async function readAll(directory: DirectoryEntry): Promise<Entry[]> {
  const reader = directory.createReader();
  const all: Entry[] = [];
  // readEntries answers in batches (100 in Chromium) until an empty batch.
  for (;;) {
    const batch = await new Promise<Entry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

/**
 * A dropped folder, walked recursively. Returns null when the drop holds no folder (plain files
 * are handled as files).
 */
export async function partsFromDrop(items: DataTransferItemList): Promise<CollectedFolder | null> {
  const roots: Entry[] = [];
  for (const item of Array.from(items)) {
    const entry = (item as DataTransferItem & { webkitGetAsEntry?: () => Entry | null }).webkitGetAsEntry?.();
    if (entry) roots.push(entry);
  }
  const directory = roots.find((entry) => entry.isDirectory) as DirectoryEntry | undefined;
  if (!directory) return null;
  const parts: UploadPart[] = [];
  let skippedCount = 0;
  const walk = async (entry: Entry, path: string): Promise<void> => {
    if (entry.isDirectory) {
      if (SKIPPED_DIRECTORIES.has(entry.name)) {
        skippedCount += 1;
        return;
      }
      for (const child of await readAll(entry as DirectoryEntry)) await walk(child, `${path}/${child.name}`);
    } else if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) => (entry as FileEntry).file(resolve, reject));
      parts.push({ file, filename: path });
    }
  };
  await walk(directory, directory.name);
  return { parts, skippedCount };
}
