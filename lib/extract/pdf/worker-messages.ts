import { z } from "zod";

/**
 * What the pdf.js worker posts back (worker-source.ts). Parsed with zod: the worker is plain
 * JavaScript fed with hostile bytes, so its messages are a boundary like any other.
 */

const workerError = z.object({ name: z.string(), code: z.number().nullable(), message: z.string() });

export const rawTextItemSchema = z.object({
  str: z.string(),
  /** pdf.js text matrix [a, b, c, d, e, f] in PDF user space (points, y up). */
  transform: z.array(z.number()).length(6),
  /** Advance of the run along a horizontal line, in points. */
  width: z.number(),
  /** Advance of the run down a vertical line (vertical writing), in points. */
  height: z.number(),
  /** True for vertical writing mode (Japanese/Chinese top-to-bottom). */
  vertical: z.boolean(),
});

export const rawPageSchema = z.object({
  /** 1-based physical page number. */
  pageNumber: z.number().int().positive(),
  /** The page's box [x0, y0, x1, y1] in points. */
  view: z.array(z.number()).length(4),
  items: z.array(rawTextItemSchema),
});

export const workerMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("opened"), pageCount: z.number().int().nonnegative(), pageLabels: z.array(z.string()).nullable() }),
  z.object({ type: z.literal("open-failed"), error: workerError }),
  z.object({ type: z.literal("page"), page: rawPageSchema }),
  z.object({ type: z.literal("page-failed"), pageNumber: z.number().int(), error: workerError }),
]);

export type RawTextItem = z.infer<typeof rawTextItemSchema>;
export type RawPage = z.infer<typeof rawPageSchema>;
export type WorkerMessage = z.infer<typeof workerMessageSchema>;
export type WorkerError = z.infer<typeof workerError>;
