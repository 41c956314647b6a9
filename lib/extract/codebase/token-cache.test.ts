import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TokenCache } from "./token-cache";

describe("TokenCache", () => {
  it("keys by content and forgets the oldest past its bound", () => {
    const cache = new TokenCache(2);
    cache.set(TokenCache.key("a"), 1);
    cache.set(TokenCache.key("b"), 2);
    cache.set(TokenCache.key("c"), 3);
    expect(cache.get(TokenCache.key("a"))).toBeUndefined();
    expect(cache.get(TokenCache.key("c"))).toBe(3);
    expect([cache.hits, cache.misses]).toEqual([1, 1]);
  });

  it("saves to disk and loads back, and treats a damaged file as empty", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "longdoc-token-cache-"));
    try {
      const file = path.join(dir, "cache", "tokens-qwen3.json");
      const cache = new TokenCache();
      cache.set(TokenCache.key("hello"), 1);
      await cache.save(file);
      const loaded = new TokenCache();
      await loaded.load(file);
      expect(loaded.get(TokenCache.key("hello"))).toBe(1);

      await fs.writeFile(file, "{ not json");
      const damaged = new TokenCache();
      await damaged.load(file);
      expect(damaged.size).toBe(0);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
