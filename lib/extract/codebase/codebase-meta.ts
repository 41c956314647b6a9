import { z } from "zod";
import type { CodebaseFacts } from "./facts/types";
import type { FolderStat } from "./types";

/**
 * Typed access to a codebase document's `meta` (facts and tree), for code that gets the
 * document back from the database, where `meta` is JSON of unknown shape.
 */
const count = z.number().int().nonnegative();
const scope = z.enum(["runtime", "dev", "peer", "optional", "build", "indirect"]);

const factsSchema = z.object({
  files: z.object({ included: count, skipped: count, lines: count, tokens: count, bytes: count }),
  languages: z.array(z.object({ language: z.string(), kind: z.enum(["code", "markup", "data", "docs", "config"]), files: count, lines: count, tokens: count })),
  largestFiles: z.array(z.object({ path: z.string(), tokens: count, lines: count })),
  manifests: z.array(
    z.object({
      path: z.string(),
      ecosystem: z.enum(["npm", "python", "go", "cargo", "maven", "gradle", "ruby", "composer"]),
      name: z.string().optional(),
      version: z.string().optional(),
      dependencies: z.array(z.object({ name: z.string(), version: z.string(), scope })),
      error: z.string().optional(),
    }),
  ),
  markers: z.object({
    counts: z.object({ TODO: count, FIXME: count, HACK: count }),
    locations: z.array(z.object({ path: z.string(), line: count, kind: z.enum(["TODO", "FIXME", "HACK"]), text: z.string() })),
  }),
  tests: z.object({ testFiles: count, testLines: count, sourceFiles: count, sourceLines: count }),
  entryPoints: z.array(z.object({ path: z.string(), kind: z.string(), detail: z.string().optional() })),
}) satisfies z.ZodType<CodebaseFacts>;

const treeSchema = z.array(z.object({ path: z.string(), depth: count, files: count, tokens: count, lines: count })) satisfies z.ZodType<FolderStat[]>;

export interface CodebaseMeta {
  facts: CodebaseFacts;
  tree: FolderStat[];
}

/** The facts and tree of a codebase document, or null when `meta` does not hold them. */
export function readCodebaseMeta(meta: unknown): CodebaseMeta | null {
  const parsed = z.object({ facts: factsSchema, tree: treeSchema }).safeParse(meta);
  return parsed.success ? parsed.data : null;
}
