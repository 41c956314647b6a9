import { AppError } from "../../errors";

/**
 * Reads a zip's central directory: every entry's name, declared sizes, method, flags and Unix
 * mode, before a single byte is inflated. fflate's own `unzipSync` trusts the declared sizes and
 * hides the mode bits we need to spot symlinks, so we read the directory ourselves (APPNOTE 4.3)
 * and inflate entry by entry.
 */
export interface ZipDirectoryEntry {
  /** The raw name as stored (UTF-8, or CP437 read as Latin-1). */
  name: string;
  /** 0 stored, 8 deflate; anything else is unsupported. */
  method: number;
  encrypted: boolean;
  /** Declared compressed size, bytes. */
  compressedSize: number;
  /** Declared unpacked size, bytes. */
  size: number;
  /** Offset of the local file header. */
  localHeaderOffset: number;
  /** File type from the Unix mode (`S_IFMT` bits), when the archive was made on Unix. */
  type: "file" | "directory" | "symlink" | "other";
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_32 = 0xffffffff;

function corrupt(detail: string): AppError {
  return new AppError("archive_corrupt", 422, `The zip file could not be read (${detail}). Re-create it (for example with \`git archive --format=zip\`) and upload it again.`);
}

function findEndOfCentralDirectory(view: DataView): number {
  // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  const lowest = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let offset = view.byteLength - 22; offset >= lowest; offset -= 1) {
    if (view.getUint32(offset, true) === EOCD) return offset;
  }
  throw corrupt("no end-of-central-directory record: not a zip, or truncated");
}

function uint64(view: DataView, offset: number): number {
  const value = view.getBigUint64(offset, true);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt("a 64-bit size is out of range");
  return Number(value);
}

/** Reads the directory; throws `tooMany(count)` before parsing when the archive declares more than `maxEntries`. */
export function readZipDirectory(bytes: Uint8Array, maxEntries: number, tooMany: (count: number) => Error): ZipDirectoryEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 22) throw corrupt("too short");
  const eocd = findEndOfCentralDirectory(view);
  let count = view.getUint16(eocd + 10, true);
  let directoryOffset = view.getUint32(eocd + 16, true);
  const locator = eocd - 20;
  if (locator >= 0 && view.getUint32(locator, true) === EOCD64_LOCATOR) {
    const zip64 = uint64(view, locator + 8);
    if (zip64 + 56 > bytes.byteLength || view.getUint32(zip64, true) !== EOCD64) throw corrupt("bad zip64 end record");
    count = uint64(view, zip64 + 32);
    directoryOffset = uint64(view, zip64 + 48);
  }
  if (count > maxEntries) throw tooMany(count);
  return readEntries(bytes, view, directoryOffset, count);
}

function readEntries(bytes: Uint8Array, view: DataView, start: number, count: number): ZipDirectoryEntry[] {
  const entries: ZipDirectoryEntry[] = [];
  const utf8 = new TextDecoder("utf-8");
  const latin1 = new TextDecoder("latin1");
  let offset = start;
  for (let index = 0; index < count; index += 1) {
    if (offset + 46 > bytes.byteLength || view.getUint32(offset, true) !== CENTRAL) throw corrupt(`central directory entry ${index + 1} is damaged`);
    const madeBy = view.getUint16(offset + 4, true) >> 8;
    const flags = view.getUint16(offset + 8, true);
    const method = view.getUint16(offset + 10, true);
    let compressedSize = view.getUint32(offset + 20, true);
    let size = view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const external = view.getUint32(offset + 38, true);
    let localHeaderOffset = view.getUint32(offset + 42, true);
    const nameBytes = bytes.subarray(offset + 46, offset + 46 + nameLength);
    const name = (flags & 0x800 ? utf8 : latin1).decode(nameBytes);
    // Zip64 extra field (0x0001): the 64-bit values of whichever fields are 0xFFFFFFFF, in order.
    let extra = offset + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = view.getUint16(extra, true);
      const length = view.getUint16(extra + 2, true);
      if (id === 0x0001) {
        let field = extra + 4;
        if (size === MAX_32) {
          size = uint64(view, field);
          field += 8;
        }
        if (compressedSize === MAX_32) {
          compressedSize = uint64(view, field);
          field += 8;
        }
        if (localHeaderOffset === MAX_32) localHeaderOffset = uint64(view, field);
      }
      extra += 4 + length;
    }
    const mode = madeBy === 3 ? external >>> 16 : 0;
    const fileType = mode & 0o170000;
    const isDirectory = name.endsWith("/") || fileType === 0o040000 || (madeBy !== 3 && (external & 0x10) !== 0);
    const type = isDirectory ? "directory" : fileType === 0o120000 ? "symlink" : fileType === 0 || fileType === 0o100000 ? "file" : "other";
    entries.push({ name, method, encrypted: (flags & 1) !== 0, compressedSize, size, localHeaderOffset, type });
    offset = extraEnd + commentLength;
  }
  return entries;
}

/** Where an entry's compressed data starts (the local header's name and extra lengths can differ from the central ones). */
export function zipDataOffset(bytes: Uint8Array, entry: ZipDirectoryEntry): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.byteLength || view.getUint32(at, true) !== LOCAL) throw corrupt(`the local header of ${entry.name} is missing`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (start + entry.compressedSize > bytes.byteLength) throw corrupt(`${entry.name} runs past the end of the file`);
  return start;
}
