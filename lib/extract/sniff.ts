/**
 * What an upload is, from its first bytes and then its name. Content wins over the extension:
 * a PDF named "report.txt" is read as a PDF, a file named ".pdf" that is not one is reported.
 */
export type Sniffed =
  | { kind: "pdf" }
  | { kind: "archive"; format: "zip" | "tar.gz" | "tar" }
  | { kind: "text" }
  | { kind: "not-pdf" }
  | { kind: "binary"; what: string };

/**
 * Magic numbers of formats people upload by mistake, for a message that names them. Only
 * signatures no text file starts with; other binaries are caught by their NUL bytes.
 */
const BINARY_SIGNATURES: { bytes: number[]; offset?: number; what: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: "a PNG image" },
  { bytes: [0xff, 0xd8, 0xff], what: "a JPEG image" },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: "a GIF image" },
  { bytes: [0x52, 0x49, 0x46, 0x46], what: "a RIFF media file (WebP, WAV or AVI)" },
  { bytes: [0x66, 0x74, 0x79, 0x70], offset: 4, what: "a video or image (MP4/MOV/HEIC)" },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: "an old Microsoft Office file (.doc/.xls/.ppt)" },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: "a program (ELF executable)" },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], what: "a 7-Zip archive" },
  { bytes: [0x52, 0x61, 0x72, 0x21, 0x1a], what: "a RAR archive" },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a], what: "an xz archive" },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66], what: "an SQLite database" },
  { bytes: [0x00, 0x61, 0x73, 0x6d], what: "a WebAssembly module" },
];

const ZIP_CONTAINERS: Record<string, string> = {
  docx: "a Word document (.docx): save it as PDF",
  xlsx: "an Excel workbook (.xlsx): save it as PDF or CSV",
  pptx: "a PowerPoint deck (.pptx): save it as PDF",
  odt: "an OpenDocument text (.odt): save it as PDF",
  epub: "an EPUB book: convert it to PDF",
  jar: "a Java archive (.jar)",
  apk: "an Android package (.apk)",
};

export function sniffUpload(bytes: Uint8Array, filename: string): Sniffed {
  const extension = extensionOf(filename);
  // The header may follow some junk; pdf.js and other readers look in the first kilobyte.
  if (indexOfAscii(bytes.subarray(0, 1024), "%PDF-") >= 0) return { kind: "pdf" };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    const container = ZIP_CONTAINERS[extension];
    return container ? { kind: "binary", what: container } : { kind: "archive", format: "zip" };
  }
  if (startsWith(bytes, [0x1f, 0x8b])) return { kind: "archive", format: "tar.gz" };
  if (indexOfAscii(bytes.subarray(257, 262), "ustar") === 0) return { kind: "archive", format: "tar" };
  for (const signature of BINARY_SIGNATURES) {
    if (startsWith(bytes.subarray(signature.offset ?? 0), signature.bytes)) return { kind: "binary", what: signature.what };
  }
  if (extension === "pdf") return { kind: "not-pdf" };
  return { kind: "text" };
}

export function extensionOf(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? filename;
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, index) => bytes[index] === byte);
}

function indexOfAscii(bytes: Uint8Array, text: string): number {
  const pattern = Array.from(text, (char) => char.charCodeAt(0));
  outer: for (let index = 0; index + pattern.length <= bytes.length; index += 1) {
    for (let offset = 0; offset < pattern.length; offset += 1) if (bytes[index + offset] !== pattern[offset]) continue outer;
    return index;
  }
  return -1;
}
