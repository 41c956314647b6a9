import { getConfig } from "../config";
import { codebaseLimits, extractCodebaseArchive, type CodebaseLimits } from "./codebase";
import { notAPdf, unsupportedFormat } from "./errors";
import { extractPdf, type PdfLimits } from "./pdf";
import { sniffUpload } from "./sniff";
import { extractText } from "./text";
import type { ExtractProgress, SourceDocument } from "./types";

export interface ExtractUploadInput {
  bytes: Uint8Array;
  filename: string;
  mimeType?: string;
  /** For encrypted PDFs. Ignored for other formats. */
  password?: string;
  onProgress?: (progress: ExtractProgress) => void;
  signal?: AbortSignal;
  /** Overrides of the PDF reading bounds (tests, batch jobs). */
  pdfLimits?: Partial<PdfLimits>;
  /** Limits for codebase archives; default from the configuration. */
  codebaseLimits?: CodebaseLimits;
}

/**
 * Bytes → SourceDocument, dispatching on the content first (magic bytes), then the name:
 * PDF → one unit per page; text → sections; anything else → 415 naming what was accepted.
 * Expected problems (password, scanned PDF, damaged file, binary upload) are AppErrors with
 * codes; pages that fail are `skipped` with reasons.
 */
export async function extractUpload(input: ExtractUploadInput): Promise<SourceDocument> {
  const sniffed = sniffUpload(input.bytes, input.filename);
  switch (sniffed.kind) {
    case "pdf":
      return extractPdf({ bytes: input.bytes, name: input.filename, password: input.password, onProgress: input.onProgress, signal: input.signal, limits: input.pdfLimits });
    case "archive":
      // A .zip / .tar.gz / .tar is a codebase: read in memory, never written to disk.
      return extractCodebaseArchive({ bytes: input.bytes, filename: input.filename, limits: input.codebaseLimits ?? codebaseLimits(getConfig()) }, { onProgress: input.onProgress });
    case "not-pdf":
      throw notAPdf(input.filename);
    case "binary":
      throw unsupportedFormat(input.filename, sniffed.what);
    case "text": {
      const document = await extractText({ bytes: input.bytes, name: input.filename });
      input.onProgress?.({ done: 1, total: 1, unit: "file" });
      return document;
    }
  }
}

export type { ExtractProgress, SkippedUnit, SourceDocument, SourceUnit } from "./types";
