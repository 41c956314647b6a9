/**
 * The rank file `qwen3.bpe`: Qwen3's byte-level BPE as data, read by the encoder core.
 *
 * Why not js-tiktoken's format: Qwen3's reference counts with HF `tokenizers`, which merges a
 * pair only if that exact pair is in the merge list; a tiktoken rank table lets any two
 * adjacent parts merge when their bytes form a token. Storing the merge pairs makes our
 * encoder the reference's algorithm by construction. Since merge i makes token 256 + i, the
 * rank of a merge is the id it makes, and token bytes are rebuilt from the pairs.
 *
 * Why this layout: it loads with no parsing at all. The pairs are little-endian int32 at a
 * 4-byte-aligned offset, so the file's bytes are viewed as an Int32Array in place; parsing a
 * packed or base64 form cost more than the whole rest of the cold start (code that runs once
 * never leaves V8's interpreter). 1.2 MB, about the size of a base64 tiktoken file.
 *
 * Layout, little-endian:
 *   0    8 bytes      magic "QW3BPE02"
 *   8    u32          merge count M
 *   12   256 bytes    the byte each of the tokens 0–255 stands for
 *   268  M × 2 i32    merge i: left id, right id; it makes token 256 + i
 */

const MAGIC = "QW3BPE02";
const BYTE_TABLE_OFFSET = 12;
const MERGES_OFFSET = 268;

export interface Qwen3Ranks {
  /** `byteOfToken[id]` is the byte token `id` (0–255) stands for. */
  byteOfToken: Uint8Array;
  /** Merge i joins `merges[2i]` and `merges[2i + 1]` into token 256 + i. */
  merges: Int32Array;
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export function serializeQwen3Ranks(ranks: Qwen3Ranks): Uint8Array {
  const mergeCount = ranks.merges.length / 2;
  const out = new Uint8Array(MERGES_OFFSET + mergeCount * 8);
  const view = new DataView(out.buffer);
  for (let i = 0; i < MAGIC.length; i++) out[i] = MAGIC.charCodeAt(i);
  view.setUint32(8, mergeCount, true);
  out.set(ranks.byteOfToken, BYTE_TABLE_OFFSET);
  ranks.merges.forEach((id, i) => view.setInt32(MERGES_OFFSET + 4 * i, id, true));
  return out;
}

export function parseQwen3Ranks(data: Uint8Array): Qwen3Ranks {
  for (let i = 0; i < MAGIC.length; i++) {
    if (data[i] !== MAGIC.charCodeAt(i)) throw new Error("Not a Qwen3 rank file (or an old one): regenerate it with scripts/build-qwen3-ranks.ts");
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const mergeCount = view.getUint32(8, true);
  if (data.length !== MERGES_OFFSET + mergeCount * 8) throw new Error("Truncated Qwen3 rank file: regenerate it with scripts/build-qwen3-ranks.ts");
  const byteOfToken = data.slice(BYTE_TABLE_OFFSET, MERGES_OFFSET);
  const start = data.byteOffset + MERGES_OFFSET;
  if (littleEndian && start % 4 === 0) return { byteOfToken, merges: new Int32Array(data.buffer, start, 2 * mergeCount) };
  // A pooled Buffer at an odd offset, or a big-endian machine: copy once.
  const merges = new Int32Array(2 * mergeCount);
  for (let i = 0; i < merges.length; i++) merges[i] = view.getInt32(MERGES_OFFSET + 4 * i, true);
  return { byteOfToken, merges };
}
