/**
 * Tokenizer speed: cold start, throughput on mixed document text, and the worst cases for a
 * BPE merge (long pieces without spaces), beside js-tiktoken on the same ranks where it
 * finishes in reasonable time. Called by bench/main.ts; progress goes to stderr.
 */
import { Tiktoken } from "js-tiktoken/lite";
import { QWEN3_ADDED_TOKENS } from "../lib/tokens/added-tokens";
import { truncateWithTokenizer } from "../lib/tokens/truncate";
import { createQwen3Tokenizer, type Qwen3Tokenizer } from "../lib/tokens/encoder";
import { loadQwen3Ranks } from "../lib/tokens/load-ranks";
import { QWEN3_PRE_TOKENIZER_SOURCE } from "../lib/tokens/pre-tokenizer";
import { mixedText, worstCases } from "../dev/tokens/test-corpus";

/** js-tiktoken's merge is quadratic to cubic: an input is not doubled when the next run would pass this. */
const JS_TIKTOKEN_RUN_LIMIT_MS = 10_000;

function log(message: string): void {
  process.stderr.write(`   tokens: ${message}\n`);
}

/** Wall time, and this process's CPU time: on a shared machine the second says more about the code. */
function time<T>(run: () => T): { ms: number; cpuMs: number; value: T } {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const value = run();
  const cpu = process.cpuUsage(cpuBefore);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return { ms: round(performance.now() - started), cpuMs: round((cpu.user + cpu.system) / 1000), value };
}

const megabytes = (text: string) => Buffer.byteLength(text) / 1_000_000;
const rate = (text: string, ms: number) => Math.round((megabytes(text) / (ms / 1000)) * 100) / 100;

/** js-tiktoken over our ranks (rank = id) and our pre-tokenizer, with every added token allowed. */
function jsTiktoken(tokenizer: Qwen3Tokenizer): { encoder: Tiktoken; buildMs: number } {
  const { ms, value } = time(() => {
    const tokens: string[] = [];
    for (let id = 0; id < QWEN3_ADDED_TOKENS[0]!.id; id++) tokens.push(Buffer.from(tokenizer.decodeBytes([id])).toString("base64"));
    return new Tiktoken({
      pat_str: QWEN3_PRE_TOKENIZER_SOURCE,
      special_tokens: Object.fromEntries(QWEN3_ADDED_TOKENS.map((token) => [token.content, token.id])),
      bpe_ranks: `! 0 ${tokens.join(" ")}`,
    });
  });
  return { encoder: value, buildMs: ms };
}

/**
 * Runs js-tiktoken on prefixes of `text` that double in size, and stops before a run that the
 * growth so far predicts would take longer than the limit.
 */
function jsTiktokenOnGrowingPrefixes(encoder: Tiktoken, text: string): Record<string, unknown> {
  const runs: { chars: number; ms: number }[] = [];
  for (let chars = 1_000; ; chars *= 2) {
    const input = text.slice(0, Math.min(chars, text.length));
    const { ms } = time(() => encoder.encode(input, "all"));
    runs.push({ chars: input.length, ms });
    if (input.length === text.length) break;
    const previous = runs[runs.length - 2];
    const growth = previous === undefined ? 8 : Math.max(2, ms / Math.max(previous.ms, 1));
    if (ms * growth > JS_TIKTOKEN_RUN_LIMIT_MS) break;
  }
  const last = runs[runs.length - 1]!;
  return { finishedWholeInput: last.chars === text.length, largest: last, runs };
}

export async function benchTokens(): Promise<Record<string, unknown>> {
  // Cold start: the first read + index of the rank file in this fresh process, then a first count.
  const cold = time(() => {
    const tokenizer = createQwen3Tokenizer(loadQwen3Ranks());
    tokenizer.count("Hello, world.");
    return tokenizer;
  });
  log(`cold start ${cold.ms} ms (cpu ${cold.cpuMs} ms)`);
  const rebuilds = Array.from({ length: 5 }, () => time(() => createQwen3Tokenizer(loadQwen3Ranks())).ms).sort((a, b) => a - b);

  const mixed = mixedText(8_000_000);
  const fresh = createQwen3Tokenizer(loadQwen3Ranks());
  const firstPass = time(() => fresh.count(mixed));
  const secondPass = time(() => fresh.count(mixed));
  const encodePass = time(() => fresh.encode(mixed).length);
  log(`mixed text ${megabytes(mixed).toFixed(1)} MB: ${rate(mixed, firstPass.ms)} MB/s cold cache, ${rate(mixed, secondPass.ms)} MB/s warm`);

  const worst: Record<string, unknown> = {};
  for (const { name, text } of worstCases()) {
    const tokenizer = createQwen3Tokenizer(loadQwen3Ranks()); // no help from a warm cache
    const counted = time(() => tokenizer.count(text));
    // How lib/prompt cuts an oversized unit: 2,000-token heads, again and again.
    const chunked = time(() => {
      let chunks = 0;
      for (let start = 0; start < text.length; chunks++) start += truncateWithTokenizer(tokenizer, text.slice(start), 2_000).length || 1;
      return chunks;
    });
    worst[name] = { chars: text.length, tokens: counted.value, ms: counted.ms, cpuMs: counted.cpuMs, cutInto2000TokenChunks: { chunks: chunked.value, ms: chunked.ms, cpuMs: chunked.cpuMs } };
    log(`${name}: ${counted.ms} ms (cpu ${counted.cpuMs}), cut into ${chunked.value} chunks in ${chunked.ms} ms`);
  }

  const reference = jsTiktoken(fresh);
  const mixedSample = mixed.slice(0, 1_000_000);
  const jsMixed = time(() => reference.encoder.encode(mixedSample, "all").length);
  const oursSample = time(() => createQwen3Tokenizer(loadQwen3Ranks()).count(mixedSample));
  log(`js-tiktoken mixed: ${rate(mixedSample, jsMixed.ms)} MB/s`);
  const jsWorst: Record<string, unknown> = {};
  for (const { name, text } of worstCases()) {
    jsWorst[name] = jsTiktokenOnGrowingPrefixes(reference.encoder, text);
    log(`js-tiktoken ${name}: ${JSON.stringify(jsWorst[name])}`);
  }

  return {
    note: "Wall ms, and cpuMs of this process (the machine may be shared). Cold start = read + index the rank file + first count, in a fresh process.",
    coldStartMs: cold.ms,
    coldStartCpuMs: cold.cpuMs,
    rebuildMsMedian: rebuilds[2],
    mixedText: {
      megabytes: Math.round(megabytes(mixed) * 10) / 10,
      countMbPerSecondColdCache: rate(mixed, firstPass.ms),
      countMbPerSecondColdCacheCpu: rate(mixed, firstPass.cpuMs),
      countMbPerSecondWarmCache: rate(mixed, secondPass.ms),
      countMbPerSecondWarmCacheCpu: rate(mixed, secondPass.cpuMs),
      encodeMbPerSecondWarmCache: rate(mixed, encodePass.ms),
      tokens: firstPass.value,
    },
    worstCases: worst,
    jsTiktoken: {
      note: "js-tiktoken 1.0.21 (lite) over the same ranks and pre-tokenizer, no NFC. Inputs double per run; a run predicted to pass 10 s is skipped.",
      buildMs: reference.buildMs,
      mixedMbPerSecond: rate(mixedSample, jsMixed.ms),
      oursOnSameMbMbPerSecondColdCache: rate(mixedSample, oursSample.ms),
      worstCases: jsWorst,
    },
  };
}
