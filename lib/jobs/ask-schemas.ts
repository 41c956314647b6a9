import { z } from "zod";
import { QUESTION_MAX_CHARS } from "../prompt/question-task";
import { liAmount } from "./api-schemas";

const question = z
  .string({ error: "question is required: the question to answer from the document" })
  .trim()
  .min(1, "question is empty: type the question to answer from the document")
  .max(QUESTION_MAX_CHARS, `question is limited to ${QUESTION_MAX_CHARS.toLocaleString("en-US")} characters`);

/** POST /api/documents/:id/questions */
export const askSchema = z.object({ question, maxLi: liAmount });

/** GET /api/documents/:id/questions/estimate?question=… */
export const estimateQuerySchema = z.object({ question });
