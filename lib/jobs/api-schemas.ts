import { z } from "zod";
import { parseLi } from "../money";
import { jobKindSchema } from "./wire";

/** A budget cap typed in li ("50", "12.5"), as micro-li; empty means none. */
export const liAmount = z
  .union([z.string(), z.number()])
  .optional()
  .nullable()
  .transform((value, context) => {
    if (value === undefined || value === null || value === "") return null;
    try {
      return parseLi(String(value));
    } catch (error) {
      context.addIssue({ code: "custom", message: (error as Error).message });
      return z.NEVER;
    }
  });

export const startJobSchema = z.object({
  documentId: z.string().min(1, "documentId is required: upload a document first (POST /api/documents)"),
  /** Default by the document's kind: summary, or architecture for a codebase. */
  task: z.string().trim().min(1).max(64).optional(),
  instructions: z.string().max(20_000, "instructions are limited to 20,000 characters").default(""),
  maxLi: liAmount,
  name: z.string().max(300).optional(),
  packing: z.enum(["priority", "full"]).optional(),
});

export const resumeJobSchema = z.object({ maxLi: liAmount }).partial();

export const planQuerySchema = z.object({
  task: z.string().trim().min(1).max(64).optional(),
  instructions: z.string().max(20_000).default(""),
  packing: z.enum(["priority", "full"]).optional(),
});

export const historyQuerySchema = z.object({
  search: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `nextBefore` cursor of the previous page ("<createdAtMs>:<id>"). */
  before: z
    .string()
    .regex(/^\d{1,15}:[\w-]{1,64}$/, "before must be the nextBefore cursor of the previous page")
    .transform((value) => {
      const [ms, id] = value.split(":");
      return { createdAtMs: Number(ms), id: id ?? "" };
    })
    .optional(),
  kind: jobKindSchema.optional(),
  documentId: z.string().optional(),
});
