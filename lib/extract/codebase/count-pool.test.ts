import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { threadId } from "node:worker_threads";
import { deflateRawSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { countTokens } from "../../tokens";
import { SAMPLES, seededRandom } from "../../../dev/tokens/test-corpus";
import { countManyDefault, PARALLEL_MIN_CHARS } from "./count-files";
import { CountPool, type CountPoolOptions, sharedCountPool } from "./count-pool";
import { numberLines } from "./number-lines";
import { INGEST_WORKER_FILE, staleReason } from "./worker-file";

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
function pool(options: Partial<CountPoolOptions> = {}): CountPool {
  const made = new CountPool({ workers: 1, ...options });
  pools.push(made);
  return made;
}

const temporary: string[] = [];
/** A worker file of its own: says it is ready, then exits on the first task it is given. */
function dyingWorkerFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "longdoc-dying-worker-"));
  temporary.push(dir);
  const file = path.join(dir, "dying-worker.mjs");
  fs.writeFileSync(file, "export function ready() { return 1; }\nexport function count() { process.exit(3); }\nexport function inflate() { process.exit(3); }\n");
  return file;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((made) => made.close()));
  for (const dir of temporary.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("CountPool", () => {
  it("runs the worker file built ahead under dist/workers, up to date with its sources", async () => {
    const counter = pool();
    counter.prestart();
    await counter.whenReady();
    expect(counter.workerFile).toBe(path.join(process.cwd(), "dist", "workers", "ingest-worker.mjs"));
    expect(counter.workerFile).toBe(INGEST_WORKER_FILE);
    expect(await staleReason()).toBeNull();
    expect(counter.size).toBe(1);
    expect(counter.failures).toBe(0);
  });

  it.runIf(process.platform === "linux")("runs its threads at a lower priority than the thread that answers requests", async () => {
    const niceOf = (stat: string) => Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
    const niced = () => fs.readdirSync("/proc/self/task").filter((task) => niceOf(fs.readFileSync(`/proc/self/task/${task}/stat`, "utf8")) === 10).length;
    const before = niced();
    const counter = pool({ workers: 2 });
    counter.prestart();
    await counter.whenReady();
    // Each thread answered its own start-up task after loading the worker file, which lowers its priority.
    expect(counter.threadIds.size).toBe(2);
    expect(niced() - before).toBe(2);
    expect(niceOf(fs.readFileSync("/proc/self/stat", "utf8"))).toBe(0);
  });

  it("gives the exact in-thread counts, every text counted on a worker thread", async () => {
    const texts = corpus();
    const counter = pool({ workers: 2 });
    counter.prestart();
    await counter.whenReady();
    expect(counter.size).toBe(2);
    const progress: number[] = [];
    const counts = await counter.count(texts, (done) => progress.push(done));
    expect(counts).toEqual(texts.map((text) => countTokens(text)));
    expect(counter.failures).toBe(0);
    expect(counter.counted).toEqual({ workers: texts.length, caller: 0 });
    expect(counter.threadIds.size).toBeGreaterThan(0);
    expect(counter.threadIds.has(threadId)).toBe(false);
    expect(progress.at(-1)).toBe(texts.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it("numbers lines where it counts: the numbered texts and their exact counts, from the workers", async () => {
    const texts = corpus().map((text) => text.replace(/^\d+\t/gm, ""));
    const counter = pool();
    const { counts, numbered } = await counter.countNumbered(texts);
    expect(numbered).toEqual(texts.map((text) => numberLines(text)));
    expect(counts).toEqual(numbered.map((text) => countTokens(text)));
    expect(counter.counted).toEqual({ workers: texts.length, caller: 0 });
  });

  it("finishes job after job, and jobs side by side, with exact counts", async () => {
    const texts = corpus().slice(5, 200);
    const expected = texts.map((text) => countTokens(text));
    const counter = pool({ workers: 2 });
    for (let job = 0; job < 10; job += 1) expect(await counter.count(texts)).toEqual(expected);
    expect(await Promise.all([counter.count(texts), counter.count(texts.slice(3))])).toEqual([expected, expected.slice(3)]);
    expect(counter.counted.caller).toBe(0);
  });

  it("inflates zip entries on a worker thread, to exactly their declared size or not at all", async () => {
    const random = seededRandom(11);
    const texts = Array.from({ length: 120 }, (_, index) => Array.from({ length: 50 + index * 40 }, () => String.fromCharCode(32 + Math.floor(random() * 90))).join(""));
    const raw = texts.map((text) => new TextEncoder().encode(text));
    const items = raw.map((bytes) => ({ data: new Uint8Array(deflateRawSync(bytes)), size: bytes.byteLength }));
    // A lying header: declares fewer bytes than the data inflates to.
    items.push({ data: new Uint8Array(deflateRawSync(new Uint8Array(5_000))), size: 100 });
    const counter = pool();
    const outputs = await counter.inflate(items);
    expect(outputs.slice(0, raw.length)).toEqual(raw);
    expect(outputs.at(-1)).toBeNull();
    expect(counter.inflated).toEqual({ workers: items.length, caller: 0 });
    expect(counter.threadIds.has(threadId)).toBe(false);
  });

  it("counts again after a close, on new threads", async () => {
    const texts = corpus().slice(0, 40);
    const counter = pool({ workers: 2 });
    counter.prestart();
    await counter.whenReady();
    expect(counter.size).toBe(2);
    await counter.close();
    expect(counter.size).toBe(0);
    expect(counter.started).toBe(false);
    const counts = await counter.count(texts);
    expect(counts).toEqual(texts.map((text) => countTokens(text)));
    expect(counter.failures).toBe(0);
    expect(counter.counted.caller).toBe(0);
  });

  it("counts everything on the calling thread when the worker file cannot be loaded", async () => {
    const texts = corpus().slice(0, 60);
    const counter = pool({ workerFile: "/nonexistent/ingest-worker.mjs" });
    counter.prestart();
    await counter.whenReady();
    expect(counter.size).toBe(0);
    expect(counter.failures).toBe(1);
    expect(await counter.count(texts)).toEqual(texts.map((text) => countTokens(text)));
    expect(counter.counted).toEqual({ workers: 0, caller: texts.length });
    // A failed pool does not try again.
    counter.prestart();
    expect(counter.size).toBe(0);
    expect(counter.started).toBe(false);
  });

  it("takes over the work of a thread that exits mid-count and gives the same counts and bytes", async () => {
    const texts = corpus();
    const counter = pool({ workerFile: dyingWorkerFile() });
    counter.prestart();
    await counter.whenReady();
    expect(counter.size).toBe(1);
    const counts = await counter.count(texts);
    expect(counts).toEqual(texts.map((text) => countTokens(text)));
    expect(counter.failures).toBe(1);
    expect(counter.size).toBe(0);
    expect(counter.counted).toEqual({ workers: 0, caller: texts.length });
    const bytes = new TextEncoder().encode("export const a = 1;\n");
    expect(await counter.inflate([{ data: new Uint8Array(deflateRawSync(bytes)), size: bytes.byteLength }])).toEqual([bytes]);
    expect(counter.inflated).toEqual({ workers: 0, caller: 1 });
  });

  it("lets a running job finish on its calling thread when the pool is closed under it", async () => {
    const texts = corpus();
    const counter = pool();
    counter.prestart();
    await counter.whenReady();
    const counting = counter.count(texts);
    await counter.close();
    expect(await counting).toEqual(texts.map((text) => countTokens(text)));
    expect(counter.failures).toBe(0);
  });
});

describe("countManyDefault", () => {
  it("counts a large input with the process's pool, exactly, on its threads", async () => {
    const shared = sharedCountPool();
    const base = corpus();
    const texts: string[] = [];
    for (let chars = 0; chars < PARALLEL_MIN_CHARS; ) {
      const text = `${base[texts.length % base.length]}\n// copy ${texts.length}`;
      texts.push(text);
      chars += text.length;
    }
    const counts = await countManyDefault(texts);
    expect(shared.started).toBe(true);
    expect(shared.counted).toEqual({ workers: texts.length, caller: 0 });
    expect(counts).toEqual(texts.map((text) => countTokens(text)));
    await shared.close();
  });
});
