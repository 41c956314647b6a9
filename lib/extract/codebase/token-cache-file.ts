import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { TokenCache } from "./token-cache";

/**
 * Where a token cache lives on disk, named after the tokenizer that made it: a SHA-256 over the
 * tokenizer's own sources and rank file, so any change to how tokens are counted starts a fresh
 * cache instead of serving stale counts. Null where the sources cannot be read (a bundled
 * server): then the cache stays in memory only.
 */
export function tokenCacheFile(cacheDir: string): string | null {
  const dir = typeof import.meta.dirname === "string" ? path.join(import.meta.dirname, "..", "..", "tokens") : undefined;
  if (dir === undefined || !fs.existsSync(dir)) return null;
  const hash = createHash("sha256");
  for (const name of fs.readdirSync(dir).sort()) {
    if (name.endsWith(".test.ts") || !(name.endsWith(".ts") || name.endsWith(".bpe"))) continue;
    hash.update(name).update(fs.readFileSync(path.join(dir, name)));
  }
  return path.join(cacheDir, `codebase-tokens-${hash.digest("hex").slice(0, 16)}.json`);
}

/** Loads the disk cache into `cache` (if there is one) and returns a function that saves it back. */
export async function withDiskCache(cache: TokenCache, cacheDir: string): Promise<() => Promise<void>> {
  const file = tokenCacheFile(cacheDir);
  if (file === null) return async () => undefined;
  await cache.load(file);
  return () => cache.save(file);
}
