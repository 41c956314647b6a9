import { inflateRawSync } from "node:zlib";
import { eventLoopSlices } from "./event-loop-slices";

/** One zip entry's raw deflate data and the size its central directory record declares. */
export interface InflateItem {
  data: Uint8Array;
  /** Declared unpacked size, bytes: the output may not grow past it. */
  size: number;
}

/** Inflates many entries, in order; null where an entry does not inflate to exactly its declared size. */
export type InflateMany = (items: readonly InflateItem[]) => Promise<Array<Uint8Array | null>>;

/**
 * Native zlib with `maxOutputLength` set to the declared size: it stops the moment an entry
 * grows past what it declared, so a lying header costs at most its declared size. (fflate's
 * pure-JS inflate does the same job 4–5× slower; see docs/benchmarks/codebase.md.)
 */
export function inflateCapped(data: Uint8Array, size: number): Uint8Array | null {
  try {
    // One output chunk of the declared size (zlib's default is 16 KB chunks joined at the end).
    const out = inflateRawSync(data, { maxOutputLength: Math.max(size, 1), chunkSize: Math.min(Math.max(size + 1, 64), 8 * 1024 * 1024) });
    return out.byteLength === size ? new Uint8Array(out.buffer, out.byteOffset, out.byteLength) : null;
  } catch {
    return null;
  }
}

/**
 * Inflates on this thread, giving the event loop a turn between entries every few
 * milliseconds (event-loop-slices.ts): one entry is at most the 1 MB per-file limit.
 */
export const inflateInThread: InflateMany = async (items) => {
  const breathe = eventLoopSlices();
  const out: Array<Uint8Array | null> = [];
  for (const item of items) {
    out.push(inflateCapped(item.data, item.size));
    await breathe();
  }
  return out;
};
