/**
 * Bounds on reading one PDF, so a hostile file costs at most this much. Ordinary pages take
 * milliseconds, so the page bound is far above any of them; a hostile page (bomb_giant.pdf)
 * never returns and grows memory fast until it is killed, hence the memory bound beside the
 * time bound. Figures in docs/benchmarks/pdf.md.
 */
export interface PdfLimits {
  /** Longest one page may take (ms) before its reader is killed and the page skipped. */
  pageTimeoutMs: number;
  /** Longest the whole document may take (ms); pages left are skipped with that reason. */
  documentTimeoutMs: number;
  /** Longest opening the document may take (ms). */
  openTimeoutMs: number;
  /** Growth of resident memory (bytes) while one page is read, past which the reader is killed. */
  memoryGrowthBytes: number;
  /** V8 heap cap of the reader thread, in MiB. */
  heapLimitMb: number;
  /** Readers restarted after a killed page before the rest of the document is given up. */
  maxRestarts: number;
}

export const DEFAULT_PDF_LIMITS: PdfLimits = {
  pageTimeoutMs: 10_000,
  documentTimeoutMs: 180_000,
  openTimeoutMs: 30_000,
  memoryGrowthBytes: 1024 * 1024 * 1024,
  heapLimitMb: 1024,
  maxRestarts: 5,
};
