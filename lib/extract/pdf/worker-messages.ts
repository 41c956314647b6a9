import { z } from "zod";

/**
 * What the pdf.js worker posts back (worker-source.ts). Parsed with zod: the worker is plain
 * JavaScript fed with hostile bytes, so its messages are a boundary like any other.
 */

const workerError = z.object({ name: z.string(), code: z.number().nullable(), message: z.string() });

/** One text run of a page, as layout reads it. */
export interface RawTextItem {
  str: string;
  /** pdf.js text matrix [a, b, c, d, e, f] in PDF user space (points, y up). */
  transform: number[];
  /** Advance of the run along a horizontal line, in points. */
  width: number;
  /** Advance of the run down a vertical line (vertical writing), in points. */
  height: number;
  /** True for vertical writing mode (Japanese/Chinese top-to-bottom). */
  vertical: boolean;
}

export interface RawPage {
  /** 1-based physical page number. */
  pageNumber: number;
  /** The page's box [x0, y0, x1, y1] in points. */
  view: number[];
  items: RawTextItem[];
}

/** Numbers per text item in a packed page: the matrix (6), width, height, vertical (1 or 0). */
const PACKED_STRIDE = 9;

/**
 * A page as the worker sends it: one string per item and all their numbers in one Float64Array
 * (cheap to post and to check: a 300-item page is two objects, not 600).
 */
const packedPageSchema = z
  .object({
    pageNumber: z.number().int().positive(),
    view: z.array(z.number()).length(4),
    strings: z.array(z.string()),
    numbers: z.instanceof(Float64Array),
  })
  .refine((page) => page.numbers.length === page.strings.length * PACKED_STRIDE, "a packed page needs 9 numbers per text item");

export type PackedPage = z.infer<typeof packedPageSchema>;

/** The page's items as objects, for layout. */
export function unpackPage(packed: PackedPage): RawPage {
  const { numbers } = packed;
  const items = packed.strings.map((str, index) => {
    const at = index * PACKED_STRIDE;
    return {
      str,
      // Read one by one: a subarray view per item costs the main thread more than the layout.
      transform: [numbers[at] ?? 0, numbers[at + 1] ?? 0, numbers[at + 2] ?? 0, numbers[at + 3] ?? 0, numbers[at + 4] ?? 0, numbers[at + 5] ?? 0],
      width: numbers[at + 6] ?? 0,
      height: numbers[at + 7] ?? 0,
      vertical: numbers[at + 8] === 1,
    };
  });
  return { pageNumber: packed.pageNumber, view: packed.view, items };
}

export const workerMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("opened"), pageCount: z.number().int().nonnegative(), pageLabels: z.array(z.string()).nullable() }),
  z.object({ type: z.literal("open-failed"), error: workerError }),
  z.object({ type: z.literal("page"), page: packedPageSchema }),
  z.object({ type: z.literal("page-failed"), pageNumber: z.number().int(), error: workerError }),
]);

export type WorkerMessage = z.infer<typeof workerMessageSchema>;
export type WorkerError = z.infer<typeof workerError>;
