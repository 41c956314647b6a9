import { threadId } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { countTokens } from "../../tokens";
import { seededRandom } from "../../../dev/tokens/test-corpus";
import { zipOf } from "../../../dev/codebase/build-test-archives";
import { PRESTART_MIN_BYTES, defaultCountDeps } from "./count-files";
import { sharedCountPool } from "./count-pool";
import { codebaseLimits, extractCodebaseArchive } from "./index";
import { defaultIngestDeps } from "./pipeline";
import { TokenCache } from "./token-cache";
import { INGEST_WORKER_FILE } from "./worker-file";

const limits = codebaseLimits({ archiveMaxUnpackedBytes: 64 * 1024 * 1024, archiveMaxEntries: 5_000, uploadMaxBytes: 64 * 1024 * 1024 });

/** Source files of pseudo-random code: they compress badly, so the zip is over PRESTART_MIN_BYTES like a real repository's. */
function largeRepository(): Record<string, string> {
  const random = seededRandom(23);
  const word = () => Array.from({ length: 3 + Math.floor(random() * 8) }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join("");
  const files: Record<string, string> = {};
  for (let file = 0; file < 240; file += 1) {
    const lines = Array.from({ length: 160 }, (_, line) => `export const ${word()}${line} = ${Math.floor(random() * 1e9)}; // ${word()} ${word()} ${word()}`);
    files[`repo-main/src/module-${file}.ts`] = `${lines.join("\n")}\n`;
  }
  return files;
}

describe("a large codebase upload on the server's path", () => {
  it("is inflated, numbered and counted on worker threads running the built worker file, none of it on the main thread", async () => {
    const zip = zipOf(largeRepository());
    expect(zip.byteLength).toBeGreaterThanOrEqual(PRESTART_MIN_BYTES);
    const pool = sharedCountPool();
    const before = { inflated: { ...pool.inflated }, counted: { ...pool.counted } };

    // The deps the upload route gets (lib/extract/index.ts passes none), with a cache of its own.
    const doc = await extractCodebaseArchive({ bytes: zip, filename: "repo-main.zip", limits }, { deps: defaultIngestDeps({ ...defaultCountDeps(), cache: new TokenCache() }) });

    expect(doc.units).toHaveLength(240);
    for (const unit of doc.units) expect(unit.tokens).toBe(countTokens(unit.text));
    expect(pool.workerFile).toBe(INGEST_WORKER_FILE);
    expect(pool.failures).toBe(0);
    expect({ workers: pool.inflated.workers - before.inflated.workers, caller: pool.inflated.caller - before.inflated.caller }).toEqual({ workers: 240, caller: 0 });
    expect({ workers: pool.counted.workers - before.counted.workers, caller: pool.counted.caller - before.counted.caller }).toEqual({ workers: 240, caller: 0 });
    expect(pool.threadIds.size).toBeGreaterThan(0);
    expect(pool.threadIds.has(threadId)).toBe(false);
    await pool.close();
  });
});
