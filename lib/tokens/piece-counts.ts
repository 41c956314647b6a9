/**
 * Token counts of short pre-tokenized pieces, looked up by the piece's characters where they
 * stand in the text: no substring is made for a piece already seen. Counting source code is
 * mostly such lookups (a few million pieces, a few hundred thousand distinct); with a Map keyed
 * by `text.slice(start, end)` each lookup allocated a string and hashed it (the difference on
 * a real codebase: docs/benchmarks/README.md, tokens).
 *
 * Open addressing over typed arrays: each entry is the piece's characters (in one growing
 * Uint16Array), its length, hash and count. When `maxEntries` is reached the table is emptied,
 * like the Map it replaces.
 */
export class PieceCounts {
  private chars = new Uint16Array(1 << 16);
  private charsUsed = 0;
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly entryStart: Int32Array;
  private readonly entryLength: Int32Array;
  private readonly entryHash: Int32Array;
  private readonly entryCount: Int32Array;
  private size = 0;
  /** Where the last missed lookup would go, for `add`. */
  private missSlot = -1;
  private missHash = 0;

  constructor(private readonly maxEntries: number) {
    let capacity = 1;
    while (capacity < maxEntries * 2) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.entryStart = new Int32Array(maxEntries);
    this.entryLength = new Int32Array(maxEntries);
    this.entryHash = new Int32Array(maxEntries);
    this.entryCount = new Int32Array(maxEntries);
  }

  /** The count of `text[start, end)`, or -1 when unknown (then `add` stores it). */
  get(text: string, start: number, end: number): number {
    let hash = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    const length = end - start;
    const { slots, mask, chars } = this;
    let slot = hash & mask;
    for (;;) {
      const entry = slots[slot]! - 1;
      if (entry < 0) break;
      if (this.entryHash[entry] === hash && this.entryLength[entry] === length) {
        const at = this.entryStart[entry]!;
        let same = true;
        for (let i = 0; i < length; i++) {
          if (chars[at + i] !== text.charCodeAt(start + i)) {
            same = false;
            break;
          }
        }
        if (same) return this.entryCount[entry]!;
      }
      slot = (slot + 1) & mask;
    }
    this.missSlot = slot;
    this.missHash = hash;
    return -1;
  }

  /** Stores the count of `text[start, end)`, right after `get` returned -1 for it. */
  add(text: string, start: number, end: number, count: number): void {
    if (this.size >= this.maxEntries) {
      this.clear();
      if (this.get(text, start, end) !== -1) return;
    }
    const length = end - start;
    if (this.charsUsed + length > this.chars.length) {
      const grown = new Uint16Array(Math.max(this.chars.length * 2, this.charsUsed + length));
      grown.set(this.chars.subarray(0, this.charsUsed));
      this.chars = grown;
    }
    const at = this.charsUsed;
    for (let i = 0; i < length; i++) this.chars[at + i] = text.charCodeAt(start + i);
    this.charsUsed += length;
    const entry = this.size++;
    this.entryStart[entry] = at;
    this.entryLength[entry] = length;
    this.entryHash[entry] = this.missHash;
    this.entryCount[entry] = count;
    this.slots[this.missSlot] = entry + 1;
  }

  clear(): void {
    this.slots.fill(0);
    this.size = 0;
    this.charsUsed = 0;
  }

  get entries(): number {
    return this.size;
  }
}
