import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

/**
 * Content hash → exact token count, so a re-run over the same repository (a new job, a
 * re-upload with one file changed) only counts what changed. Counting dominates ingest time;
 * hashing the same text with SHA-256 is a small fraction of it (docs/benchmarks/codebase.md).
 * Bounded: the oldest entries go first.
 */
export class TokenCache {
  private readonly entries = new Map<string, number>();
  hits = 0;
  misses = 0;

  constructor(private readonly maxEntries = 500_000) {}

  static key(text: string): string {
    return createHash("sha256").update(text, "utf8").digest("base64url");
  }

  /**
   * Key of the count of `text` with its lines numbered (number-lines.ts), from the raw text:
   * numbering is deterministic, so the file's own text identifies it, and a cached file needs no
   * numbering before it is looked up. The prefix keeps these keys apart from `key`'s.
   */
  static numberedKey(text: string): string {
    return createHash("sha256").update("longdoc: tab-numbered lines\u0000").update(text, "utf8").digest("base64url");
  }

  get(key: string): number | undefined {
    const tokens = this.entries.get(key);
    if (tokens === undefined) this.misses += 1;
    else this.hits += 1;
    return tokens;
  }

  set(key: string, tokens: number): void {
    this.entries.delete(key);
    this.entries.set(key, tokens);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Merges a cache file written by `save` (a missing or unreadable file is an empty cache: the
   * cache is an optimisation, never a reason to fail). Name the file after the tokenizer so a
   * tokenizer change starts a fresh cache.
   */
  async load(file: string): Promise<void> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await fs.readFile(file, "utf8"));
    } catch {
      return;
    }
    if (typeof parsed !== "object" || parsed === null || !("entries" in parsed)) return;
    const { entries } = parsed;
    if (typeof entries !== "object" || entries === null) return;
    for (const [key, tokens] of Object.entries(entries)) {
      if (Number.isSafeInteger(tokens) && tokens >= 0) this.set(key, tokens as number);
    }
  }

  /** Writes the cache atomically (temporary file, then rename). */
  async save(file: string): Promise<void> {
    await fs.mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await fs.writeFile(temporary, JSON.stringify({ version: 1, entries: Object.fromEntries(this.entries) }));
    await fs.rename(temporary, file);
  }
}

const shared = globalThis as unknown as { __longdocTokenCache?: TokenCache };

/** The process's in-memory cache, shared by every extraction in this server or CLI run. */
export function sharedTokenCache(): TokenCache {
  shared.__longdocTokenCache ??= new TokenCache();
  return shared.__longdocTokenCache;
}
