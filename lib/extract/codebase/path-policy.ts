import { excludedDirReason, excludedFileReason } from "./exclusions";
import { GitignoreMatcher } from "./gitignore";

/**
 * Which paths are never read: the fixed exclusions plus every .gitignore seen so far. Collect
 * stages ask it early (so `node_modules` in a folder or a zip is never read), and the filter
 * stage asks again once every .gitignore is known.
 */
export interface Exclusion {
  reason: string;
  /** Set when an ancestor folder is excluded: skipped files are reported once per folder. */
  folder?: string;
}

/** Real .gitignore files are a few KB; a huge one is not applied (its cost is patterns × paths). */
export const MAX_GITIGNORE_CHARS = 256 * 1024;

export class PathPolicy {
  readonly gitignore = new GitignoreMatcher();
  /** Things a person should know about how the rules were applied. */
  readonly warnings: string[] = [];
  private readonly dirCache = new Map<string, Exclusion | null>();

  addGitignore(dir: string, text: string): void {
    if (this.gitignore.has(dir)) return;
    if (text.length > MAX_GITIGNORE_CHARS) {
      this.warnings.push(`${dir === "" ? "" : `${dir}/`}.gitignore is over 256 KB and was not applied: the files it would ignore were reviewed.`);
      this.gitignore.add(dir, "");
      return;
    }
    this.gitignore.add(dir, text);
    this.dirCache.clear();
  }

  /** Why the folder `dir` (relative, no trailing slash) is excluded, or null. */
  checkDir(dir: string): Exclusion | null {
    if (dir === "") return null;
    const cached = this.dirCache.get(dir);
    if (cached !== undefined) return cached;
    const slash = dir.lastIndexOf("/");
    const parent = slash < 0 ? "" : dir.slice(0, slash);
    const result = this.checkDir(parent) ?? this.ownDirExclusion(dir, dir.slice(slash + 1));
    this.dirCache.set(dir, result);
    return result;
  }

  /** Why the file at `path` is excluded by name or location, or null. */
  checkFile(path: string): Exclusion | null {
    const slash = path.lastIndexOf("/");
    const inFolder = this.checkDir(slash < 0 ? "" : path.slice(0, slash));
    if (inFolder) return inFolder;
    const verdict = this.gitignore.match(path, false);
    if (verdict) return { reason: `ignored by ${verdict.source} (\`${verdict.pattern}\`)` };
    const reason = excludedFileReason(path);
    return reason ? { reason } : null;
  }

  private ownDirExclusion(dir: string, name: string): Exclusion | null {
    const fixed = excludedDirReason(name);
    if (fixed) return { reason: fixed, folder: dir };
    const verdict = this.gitignore.match(dir, true);
    if (verdict) return { reason: `ignored by ${verdict.source} (\`${verdict.pattern}\`)`, folder: dir };
    return null;
  }
}

/** The fixed exclusions alone (no .gitignore), for streams read before every .gitignore is known. */
export function staticExclusion(path: string): Exclusion | null {
  const segments = path.split("/");
  for (let index = 0; index < segments.length - 1; index += 1) {
    const reason = excludedDirReason(segments[index] ?? "");
    if (reason) return { reason, folder: segments.slice(0, index + 1).join("/") };
  }
  const reason = excludedFileReason(path);
  return reason ? { reason } : null;
}
