import ignore, { type Ignore } from "ignore";

/**
 * Git's rules for nested .gitignore files: each file's patterns are relative to its folder, a
 * deeper file overrides a shallower one (last match wins, deepest first), and nothing inside an
 * ignored folder can be re-included. Case-sensitive, as git is on Linux.
 */
export interface GitignoreVerdict {
  /** The .gitignore that decided, e.g. ".gitignore" or "src/.gitignore". */
  source: string;
  /** The pattern that matched, e.g. "*.log". */
  pattern: string;
}

export class GitignoreMatcher {
  private readonly byDir = new Map<string, Ignore>();

  /** Adds the contents of `${dir}/.gitignore` ("" is the root). */
  add(dir: string, text: string): void {
    const rules = ignore({ ignorecase: false }).add(text);
    this.byDir.set(dir, rules);
  }

  has(dir: string): boolean {
    return this.byDir.has(dir);
  }

  get size(): number {
    return this.byDir.size;
  }

  /**
   * Whether `path` itself is matched (parents are checked by the caller, folder by folder).
   * Only .gitignore files in folders strictly above `path` apply to it.
   */
  match(path: string, isDir: boolean): GitignoreVerdict | null {
    if (this.byDir.size === 0) return null;
    const segments = path.split("/");
    for (let depth = segments.length - 1; depth >= 0; depth -= 1) {
      const base = segments.slice(0, depth).join("/");
      const rules = this.byDir.get(base);
      if (!rules) continue;
      const relative = segments.slice(depth).join("/");
      const result = rules.test(isDir ? `${relative}/` : relative);
      if (result.ignored) return { source: base === "" ? ".gitignore" : `${base}/.gitignore`, pattern: result.rule?.pattern ?? "" };
      if (result.unignored) return null;
    }
    return null;
  }
}
