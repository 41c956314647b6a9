import { z } from "zod";
import { parseLi } from "../money";
import { QUESTION_MAX_CHARS } from "../prompt/question-task";

const question = z
  .string({ error: "question is required: the question to answer from the document" })
  .trim()
  .min(1, "question is empty: type the question to answer from the document")
  .max(QUESTION_MAX_CHARS, `question is limited to ${QUESTION_MAX_CHARS.toLocaleString("en-US")} characters`);

/** A budget cap typed in li ("50", "12.5"), as micro-li; empty means none. */
const maxLi = z
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

/** POST /api/documents/:id/questions */
export const askSchema = z.object({ question, maxLi });

/** GET /api/documents/:id/questions/estimate?question=… */
export const estimateQuerySchema = z.object({ question });
