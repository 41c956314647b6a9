import { AppError } from "../errors";
import { ACCEPTED_FORMATS, notAPdf, unsupportedFormat } from "./errors";
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
      // ── Dispatch point for codebases (.zip / .tar.gz / .tar) ──────────────────────────────
      // lib/extract/codebase/index.ts exports extractCodebaseArchive(...); its engineer adds the
      // call here. Until then an archive is answered with 415.
      throw new AppError("unsupported_format", 415, `"${input.filename}" is a ${sniffed.format} archive; codebase archives are not accepted yet. Accepted: ${ACCEPTED_FORMATS}.`);
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
