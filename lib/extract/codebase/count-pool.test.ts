import { afterEach, describe, expect, it } from "vitest";
import { countTokens } from "../../tokens";
import { SAMPLES, seededRandom } from "../../../dev/tokens/test-corpus";
import { countManyDefault, PARALLEL_MIN_CHARS } from "./count-files";
import { CountPool, countWorkerFile, sharedCountPool } from "./count-pool";
import { numberLines } from "./number-lines";

const workerFile = countWorkerFile() ?? "";

/** Texts that broke tokenizers before, plus enough numbered code to fill many batches. */
function corpus(): string[] {
  const random = seededRandom(7);
  const texts = ["", "hello world", "1\tconst x = 1;\n2\t// 中文注释 and emoji 🎉", "a".repeat(300_000), "<|im_start|>user", ...Object.values(SAMPLES)];
  // A long line without a single space (minified code, base64).
  texts.push(Array.from({ length: 40_000 }, () => String.fromCharCode(33 + Math.floor(random() * 94))).join(""));
  texts.push("长文档摘要需要准确计算词元数量。".repeat(2_000), "👨‍👩‍👧‍👦🏳️‍🌈🇨🇳".repeat(1_000));
  for (let file = 0; file < 300; file += 1) {
    const lines = Array.from({ length: 20 + (file % 90) }, (_, line) => `${line + 1}\texport const value${file}_${line} = ${Math.floor(random() * 1e6)}; // ${SAMPLES.chinese?.slice(0, line % 20)}`);
    texts.push(lines.join("\n"));
  }
  return texts;
}

const pools: CountPool[] = [];
function pool(options: Partial<ConstructorParameters<typeof CountPool>[0]> = {}): CountPool {
  const made = new CountPool({ workers: 1, workerFile, ...options });
  pools.push(made);
  return made;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((made) => made.close()));
});

describe("CountPool", () => {
  it("finds the worker entry on disk", () => {
    expect(workerFile).toMatch(/count-worker\.ts$/);
  });

  it("gives the exact in-thread counts, with the worker and the calling thread both counting", async () => {
    const texts = corpus();
    const counter = pool();
    counter.prestart();
    await counter.whenReady();
    expect(counter.size).toBe(1);
    const progress: number[] = [];
    const counts = await counter.count(texts, (done) => progress.push(done));
    expect(counts).toEqual(texts.map((text) => countTokens(text)));
    expect(counter.failures).toBe(0);
    expect(counter.counted.workers).toBeGreaterThan(0);
    expect(counter.counted.caller).toBeGreaterThan(0);
    expect(counter.counted.workers + counter.counted.caller).toBe(texts.length);
    expect(progress.at(-1)).toBe(texts.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it("numbers lines where it counts: the numbered texts and their exact counts, from the worker and the calling thread", async () => {
    const texts = corpus().map((text) => text.replace(/^\d+\t/gm, ""));
    const counter = pool();
    counter.prestart();
    await counter.whenReady();
    const { counts, numbered } = await counter.countNumbered(texts);
    expect(numbered).toEqual(texts.map((text) => numberLines(text)));
    expect(counts).toEqual(numbered.map((text) => countTokens(text)));
    expect(counter.counted.workers).toBeGreaterThan(0);
    expect(counter.counted.caller).toBeGreaterThan(0);
  });

  it("finishes job after job on a ready pool with exact counts", async () => {
    // A worker's last answer read by the caller's poll once left the caller waiting forever. That
    // race needs the answer to land in a window of microseconds (1 run in 30 on the full slice), so
    // this only exercises the path; the fix is checking the job right after polling.
    const texts = corpus().slice(5, 200);
    const expected = texts.map((text) => countTokens(text));
    const counter = pool();
    counter.prestart();
    await counter.whenReady();
    for (let job = 0; job < 20; job += 1) expect(await counter.count(texts)).toEqual(expected);
    expect(counter.counted.workers).toBeGreaterThan(0);
  });

  it("hands the bundle from its first worker to the next ones, and counts again after an idle close", async () => {
    const texts = corpus().slice(0, 40);
    const counter = pool({ workers: 2 });
    counter.prestart();
    await counter.whenReady();
    expect(counter.size).toBe(2);
    await counter.close();
    expect(counter.size).toBe(0);
    const counts = await counter.count(texts);
    expect(counts).toEqual(texts.map((text) => countTokens(text)));
    expect(counter.failures).toBe(0);
  });

  it("counts everything on the calling thread when the worker cannot start", async () => {
    const texts = corpus().slice(0, 60);
    const counter = pool({ workerFile: "/nonexistent/count-worker.ts" });
    counter.prestart();
    await counter.whenReady();
    expect(counter.size).toBe(0);
    expect(counter.failures).toBe(1);
    expect(await counter.count(texts)).toEqual(texts.map((text) => countTokens(text)));
    expect(counter.counted).toEqual({ workers: 0, caller: texts.length });
    // A failed pool does not try again.
    counter.prestart();
    expect(counter.size).toBe(0);
  });

  it("takes back the batches of a worker that dies mid-count and gives the same counts", async () => {
    const texts = corpus();
    // Says it is ready, then exits on the first request, holding the batches it was sent.
    const dying = `const { port } = require("node:worker_threads").workerData; port.postMessage({ type: "ready" }); port.on("message", () => process.exit(3));`;
    const counter = pool({ code: dying });
    counter.prestart();
    await counter.whenReady();
    expect(counter.size).toBe(1);
    const counts = await counter.count(texts);
    expect(counts).toEqual(texts.map((text) => countTokens(text)));
    expect(counter.failures).toBe(1);
    expect(counter.size).toBe(0);
    expect(counter.counted).toEqual({ workers: 0, caller: texts.length });
  });

  it("lets a running job finish on its calling thread when the pool is closed under it", async () => {
    const texts = corpus();
    const counter = pool();
    counter.prestart();
    await counter.whenReady();
    const counting = counter.count(texts);
    await counter.close();
    expect(await counting).toEqual(texts.map((text) => countTokens(text)));
  });
});

describe("countManyDefault", () => {
  it("counts a large input with the process's pool, exactly", async () => {
    const shared = sharedCountPool();
    expect(shared).not.toBeNull();
    const base = corpus();
    const texts: string[] = [];
    for (let chars = 0; chars < PARALLEL_MIN_CHARS; ) {
      const text = `${base[texts.length % base.length]}\n// copy ${texts.length}`;
      texts.push(text);
      chars += text.length;
    }
    const counts = await countManyDefault(texts);
    expect(shared?.started).toBe(true);
    expect(counts).toEqual(texts.map((text) => countTokens(text)));
    await shared?.close();
  });
});
