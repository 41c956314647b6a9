/**
 * The compact rank file `qwen3.bpe`: Qwen3's byte-level BPE as data, read by the encoder core.
 *
 * Why not js-tiktoken's format: Qwen3's reference counts with HF `tokenizers`, which merges a
 * pair only if that exact pair is in the merge list. A tiktoken rank table lets any two adjacent
 * parts merge when their bytes form a token. Storing the merge pairs makes our encoder the
 * reference's algorithm by construction, and it loads fastest: no base64, no strings, one
 * pass over typed arrays (token bytes are rebuilt from the pairs). Since merge i makes token
 * 256 + i, the rank of a merge is the id it makes.
 *
 * Layout, little-endian:
 *   0    8 bytes  magic "QW3BPE01"
 *   8    u32      merge count M
 *   12   256      the byte each of the tokens 0–255 stands for
 *   268  M × 6    merge i: left id (u24), right id (u24); it makes token 256 + i
 */

const MAGIC = "QW3BPE01";
const HEADER_BYTES = 12 + 256;
const BYTES_PER_MERGE = 6;

export interface Qwen3Ranks {
  /** `byteOfToken[id]` is the byte token `id` (0–255) stands for. */
  byteOfToken: Uint8Array;
  /** Merge i joins `mergeLeft[i]` and `mergeRight[i]` into token 256 + i. */
  mergeLeft: Int32Array;
  mergeRight: Int32Array;
}

export function serializeQwen3Ranks(ranks: Qwen3Ranks): Uint8Array {
  const mergeCount = ranks.mergeLeft.length;
  const out = new Uint8Array(HEADER_BYTES + mergeCount * BYTES_PER_MERGE);
  for (let i = 0; i < MAGIC.length; i++) out[i] = MAGIC.charCodeAt(i);
  new DataView(out.buffer).setUint32(8, mergeCount, true);
  out.set(ranks.byteOfToken, 12);
  let at = HEADER_BYTES;
  for (let i = 0; i < mergeCount; i++) {
    for (const id of [ranks.mergeLeft[i] ?? 0, ranks.mergeRight[i] ?? 0]) {
      out[at++] = id & 0xff;
      out[at++] = (id >>> 8) & 0xff;
      out[at++] = (id >>> 16) & 0xff;
    }
  }
  return out;
}

export function parseQwen3Ranks(data: Uint8Array): Qwen3Ranks {
  for (let i = 0; i < MAGIC.length; i++) {
    if (data[i] !== MAGIC.charCodeAt(i)) throw new Error("Not a Qwen3 rank file: regenerate it with scripts/build-qwen3-ranks.ts");
  }
  const mergeCount = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(8, true);
  if (data.length !== HEADER_BYTES + mergeCount * BYTES_PER_MERGE) {
    throw new Error("Truncated Qwen3 rank file: regenerate it with scripts/build-qwen3-ranks.ts");
  }
  const mergeLeft = new Int32Array(mergeCount);
  const mergeRight = new Int32Array(mergeCount);
  let at = HEADER_BYTES;
  for (let i = 0; i < mergeCount; i++) {
    mergeLeft[i] = data[at]! | (data[at + 1]! << 8) | (data[at + 2]! << 16);
    mergeRight[i] = data[at + 3]! | (data[at + 4]! << 8) | (data[at + 5]! << 16);
    at += BYTES_PER_MERGE;
  }
  return { byteOfToken: data.slice(12, HEADER_BYTES), mergeLeft, mergeRight };
}
