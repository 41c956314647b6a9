export type ArchiveFormat = "zip" | "tar.gz" | "tar";

/**
 * The archive's format from its first bytes (a renamed file still works), falling back on the
 * name only for old tars without the "ustar" magic. Null when it is none of them.
 */
export function detectArchive(bytes: Uint8Array, filename: string): ArchiveFormat | null {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0x50 && b1 === 0x4b && (b2 === 0x03 || b2 === 0x05 || b2 === 0x07) && (b3 === 0x04 || b3 === 0x06 || b3 === 0x08)) return "zip";
  if (b0 === 0x1f && b1 === 0x8b) return "tar.gz";
  if (bytes.byteLength > 262 && new TextDecoder("latin1").decode(bytes.subarray(257, 262)) === "ustar") return "tar";
  if (/\.tar$/i.test(filename) && bytes.byteLength >= 512) return "tar";
  return null;
}

/** "vite-main.tar.gz" → "vite-main". */
export function archiveBaseName(filename: string): string {
  const name = filename.slice(Math.max(filename.lastIndexOf("/"), filename.lastIndexOf("\\")) + 1);
  return name.replace(/\.(zip|tar\.gz|tgz|tar)$/i, "") || name;
}
