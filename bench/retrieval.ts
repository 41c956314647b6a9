/**
 * Retrieval quality for questions: recall@budget — how often the page that holds the answer is in
 * what the question plan sends — with a deliberately small prompt budget (20,000 tokens for a
 * 352-page book) so that retrieval matters, beside the baseline of sending the first pages that
 * fit. Question → page pairs are built automatically (bench/retrieval-pairs.ts) from a long real
 * English document (e2e/fixtures/pdf/freeculture.pdf) and a real Chinese text (TypeScript's
 * zh-CN diagnostic messages, 20 to a page). The product path (a real SQLite file, the lazy
 * per-document FTS5 index, makeQuestionPlan) is measured beside variants built the same way in
 * memory: no stemming, other passage sizes, whole units, and FTS5's trigram tokenizer instead of
 * Intl.Segmenter words. Called by bench/main.ts; progress on stderr.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { openDb } from "../db/client";
import { insertDocument } from "../db/queries/documents";
import { extractUpload } from "../lib/extract";
import type { PlanLimits } from "../lib/prompt/plan";
import type { PlanUnit } from "../lib/prompt/render";
import { makeQuestionPlan, type PassageHit } from "../lib/prompt/retrieval-plan";
import { matchExpression } from "../lib/retrieval/fts-query";
import { FTS_TOKENIZE } from "../db/queries/retrieval";
import { PASSAGE_TOKENS } from "../lib/retrieval/passages";
import { buildRetrievalIndex } from "../lib/retrieval/build-index";
import { passageRows, documentSearch, SEARCH_LIMIT } from "../lib/retrieval/search";
import { countTokens } from "../lib/tokens";
import { buildPairs, QUESTION_KINDS, type Language, type Pair, type QuestionKind } from "./retrieval-pairs";

const LIMITS: PlanLimits = { contextWindowTokens: 128_000, maxOutputTokens: 8_192, inputMicroLiPerToken: 2_500, outputMicroLiPerToken: 10_000, thinking: false, thinkingOffBlock: true, maxRounds: 6 };
const PAIRS = 50;

interface Corpus {
  name: string;
  source: string;
  language: Language;
  units: Array<PlanUnit & { kind: string }>;
  /** Prompt budgets measured: the first is the headline (about an eighth of the document). */
  budgets: number[];
}

type Search = (question: string) => PassageHit[];

interface Built {
  search: Search;
  passages: number;
  indexMs: number;
  close(): void;
}

interface Variant {
  name: string;
  build(corpus: Corpus): Built | Promise<Built>;
}

function log(message: string): void {
  process.stderr.write(`   retrieval: ${message}\n`);
}

async function freeCulture(): Promise<Corpus> {
  const file = path.join(process.cwd(), "e2e", "fixtures", "pdf", "freeculture.pdf");
  const document = await extractUpload({ bytes: new Uint8Array(fs.readFileSync(file)), filename: "freeculture.pdf" });
  const units = document.units.map((unit, ordinal) => ({ ordinal, kind: unit.kind, label: unit.label, text: unit.text, tokens: unit.tokens }));
  return { name: "freeculture.pdf", source: "e2e/fixtures/pdf/freeculture.pdf (Lessig, Free Culture, 352 pages)", language: "en", units, budgets: [20_000, 5_000] };
}

function chineseDiagnostics(): Corpus {
  const file = path.join(process.cwd(), "node_modules", "typescript", "lib", "zh-cn", "diagnosticMessages.generated.json");
  const messages = Object.values(JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>);
  const units: Corpus["units"] = [];
  for (let index = 0; index < messages.length; index += 20) {
    const text = messages.slice(index, index + 20).join("\n");
    units.push({ ordinal: units.length, kind: "page", label: `p. ${units.length + 1}`, text, tokens: countTokens(text) });
  }
  const total = units.reduce((sum, unit) => sum + unit.tokens, 0);
  // The same shares of the document as 20,000 and 5,000 tokens of the English book.
  const budgets = [total / 7, total / 29].map((budget) => Math.round(budget / 100) * 100);
  return { name: "typescript zh-cn diagnostics", source: "node_modules/typescript/lib/zh-cn/diagnosticMessages.generated.json, 20 messages a page", language: "zh", units, budgets };
}

/** The product: a real SQLite file, the document stored, its index built as a first question builds it. */
const product: Variant = {
  name: `product: Intl.Segmenter words, ${FTS_TOKENIZE}, ${PASSAGE_TOKENS}-token passages, one FTS5 table per document`,
  async build(corpus) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "longdoc-bench-retrieval-"));
    const db = openDb(path.join(dir, "bench.db"));
    insertDocument(db, { id: "bench", sha256: "bench", name: corpus.name, kind: "pdf", mimeType: null, sizeBytes: 0, units: corpus.units, skipped: [], meta: {} });
    const started = performance.now();
    await buildRetrievalIndex(db, { documentId: "bench", units: corpus.units });
    const indexMs = Math.round(performance.now() - started);
    const search = documentSearch(db, { documentId: "bench" });
    const passages = (db.$client.prepare("select passage_count as n from retrieval_indexes").get() as { n: number }).n;
    return {
      search,
      passages,
      indexMs,
      close() {
        db.$client.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

/** A variant index in memory: the same passages and query shape, another tokenizer or passage size. */
function inMemory(name: string, options: { tokenize: string; passageTokens: number; trigram?: boolean }): Variant {
  return {
    name,
    build(corpus) {
      const started = performance.now();
      const sqlite = new Database(":memory:");
      sqlite.exec(`create virtual table f using fts5(terms, ordinal unindexed, char_start unindexed, char_end unindexed, part unindexed, parts unindexed, content='', contentless_unindexed=1, tokenize='${options.tokenize}')`);
      const insert = sqlite.prepare("insert into f (terms, ordinal, char_start, char_end, part, parts) values (?, ?, ?, ?, ?, ?)");
      const rows = passageRows(corpus.units, options.passageTokens);
      sqlite.transaction(() => {
        for (const row of rows) {
          const unit = corpus.units[row.ordinal] as PlanUnit;
          insert.run(options.trigram ? unit.text.slice(row.start, row.end) : row.terms, row.ordinal, row.start, row.end, row.part, row.parts);
        }
      })();
      const query = sqlite.prepare(`select ordinal, char_start as start, char_end as "end", part, parts, -bm25(f) as score from f where f match ? order by bm25(f) limit ${SEARCH_LIMIT}`);
      const search: Search = (question) => {
        const match = options.trigram ? trigramExpression(question) : matchExpression(question);
        return match === null ? [] : (query.all(match) as PassageHit[]);
      };
      return { search, passages: rows.length, indexMs: Math.round(performance.now() - started), close: () => sqlite.close() };
    },
  };
}

/**
 * The trigram tokenizer matches substrings of three or more characters: Latin words as they are,
 * runs of Chinese as their overlapping three-character windows (a run of one or two characters
 * cannot be looked up at all).
 */
function trigramExpression(question: string): string | null {
  const grams = new Set<string>();
  for (const piece of question.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    const chars = [...piece];
    if (!/\p{Script=Han}/u.test(piece)) {
      if (chars.length >= 3) grams.add(piece);
      continue;
    }
    for (let index = 0; index + 3 <= chars.length; index += 1) grams.add(chars.slice(index, index + 3).join(""));
  }
  return grams.size === 0 ? null : [...grams].map((gram) => `"${gram.replace(/"/g, '""')}"`).join(" OR ");
}

const VARIANTS: Variant[] = [
  product,
  inMemory("words, porter, 50-token passages", { tokenize: "porter unicode61 remove_diacritics 2", passageTokens: 50 }),
  inMemory("words, porter, 200-token passages", { tokenize: "porter unicode61 remove_diacritics 2", passageTokens: 200 }),
  inMemory("words, porter, 400-token passages", { tokenize: "porter unicode61 remove_diacritics 2", passageTokens: 400 }),
  inMemory("words, no stemming, 100-token passages", { tokenize: "unicode61 remove_diacritics 2", passageTokens: 100 }),
  inMemory("words, porter, whole units (no passages)", { tokenize: "porter unicode61 remove_diacritics 2", passageTokens: 1_000_000 }),
  inMemory("FTS5 trigram tokenizer (no word segmentation), 100-token passages", { tokenize: "trigram", passageTokens: 100, trigram: true }),
];

const share = (hits: number, total: number) => Math.round((hits / Math.max(1, total)) * 1000) / 1000;

type PerKind = Record<QuestionKind, number>;

/**
 * Per question kind: recall@budget for each budget (the share of pairs whose page is in what the
 * plan sends), and the rank of the page's unit in the BM25 ranking (top1, mean reciprocal rank).
 */
function measure(corpus: Corpus, pairs: Pair[], search: Search): { recall: Record<string, PerKind>; top1: PerKind; mrr: PerKind; msPerQuestion: number } {
  const recall: Record<string, PerKind> = Object.fromEntries(corpus.budgets.map((budget) => [`at${budget}`, {} as PerKind]));
  const top1 = {} as PerKind;
  const mrr = {} as PerKind;
  const started = performance.now();
  for (const kind of QUESTION_KINDS) {
    const sent = corpus.budgets.map(() => 0);
    let first = 0;
    let reciprocal = 0;
    for (const pair of pairs) {
      const hits = search(pair.questions[kind]);
      corpus.budgets.forEach((budget, index) => {
        const plan = makeQuestionPlan({ kind: "document", documentName: corpus.name, units: corpus.units, question: pair.questions[kind], limits: LIMITS, search: () => hits, promptBudgetTokens: budget });
        if (plan.calls[0]?.segments.some((segment) => segment.ordinal === pair.ordinal)) sent[index] = (sent[index] ?? 0) + 1;
      });
      const ranked = [...new Set(hits.map((hit) => hit.ordinal))];
      const rank = ranked.indexOf(pair.ordinal);
      if (rank === 0) first += 1;
      if (rank >= 0) reciprocal += 1 / (rank + 1);
    }
    corpus.budgets.forEach((budget, index) => {
      (recall[`at${budget}`] as PerKind)[kind] = share(sent[index] ?? 0, pairs.length);
    });
    top1[kind] = share(first, pairs.length);
    mrr[kind] = share(reciprocal, pairs.length);
  }
  return { recall, top1, mrr, msPerQuestion: Math.round((performance.now() - started) / (pairs.length * QUESTION_KINDS.length)) };
}

async function benchCorpus(corpus: Corpus): Promise<Record<string, unknown>> {
  const pairs = buildPairs(
    corpus.units.map((unit) => unit.text),
    { language: corpus.language, count: PAIRS },
  );
  const tokens = corpus.units.reduce((sum, unit) => sum + unit.tokens, 0);
  log(`${corpus.name}: ${corpus.units.length} pages, ${tokens} tokens, ${pairs.length} pairs, budgets ${corpus.budgets.join(", ")} tokens`);
  // Baseline: no search, so the plan sends the first pages that fit (its no-match fallback).
  const baseline = measure(corpus, pairs, () => []).recall;
  log(`  baseline (first pages that fit): ${JSON.stringify(baseline)}`);
  const variants: Record<string, unknown>[] = [];
  for (const variant of VARIANTS) {
    const built = await variant.build(corpus);
    try {
      const measured = measure(corpus, pairs, built.search);
      log(`  ${variant.name}: recall ${JSON.stringify(measured.recall)} top1 ${JSON.stringify(measured.top1)}`);
      variants.push({ name: variant.name, passages: built.passages, indexMs: built.indexMs, ...measured });
    } finally {
      built.close();
    }
  }
  return {
    corpus: corpus.name,
    source: corpus.source,
    language: corpus.language,
    pages: corpus.units.length,
    tokens,
    budgetTokens: corpus.budgets,
    pairs: pairs.length,
    examples: pairs.slice(0, 2).map((pair) => ({ page: corpus.units[pair.ordinal]?.label, sentence: pair.sentence, ...pair.questions })),
    baselineRecall: baseline,
    variants,
  };
}

export async function benchRetrieval(): Promise<Record<string, unknown>> {
  const corpora = [await freeCulture(), chineseDiagnostics()];
  const results = [];
  for (const corpus of corpora) results.push(await benchCorpus(corpus));
  return {
    what: "recall.atN: share of question → page pairs whose page is in what makeQuestionPlan sends within a prompt budget of N tokens; top1/mrr: rank of the page's unit in the BM25 ranking; baselineRecall: the first pages that fit",
    corpora: results,
  };
}
