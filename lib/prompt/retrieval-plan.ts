import { countChatPrompt, countTokens } from "../tokens";
import { estimateCost, MARGIN_TOKENS, materialOf, promptTokens, rangeTitle, type PlanLimits } from "./plan";
import { questionTask } from "./question-task";
import { renderBlock, singleMessages, type MaterialKind, type PlanUnit } from "./render";
import type { PlannedCall, PromptPlan, Segment } from "./types";

/** One passage of a unit, as the search ranked it for the question. */
export interface PassageHit {
  ordinal: number;
  /** Character range of the unit's text: [start, end). */
  start: number;
  end: number;
  /** 1-based position of the passage in its unit, and the unit's passage count. */
  part: number;
  parts: number;
  /** Higher is more relevant (BM25). */
  score: number;
}

export const NOT_RETRIEVED = "not retrieved for this question";

export interface QuestionPlanInput {
  kind: MaterialKind;
  documentName: string;
  units: PlanUnit[];
  question: string;
  /** Codebase facts and repository map, sent before the material. */
  context?: string;
  limits: PlanLimits;
  /**
   * The document's passages ranked for the question, best first. Called only when the document
   * does not fit one call, so a small document is never indexed.
   */
  search: (question: string) => PassageHit[];
  /** Cap on the whole prompt in tokens, below the window's input budget (a cheaper question; the bench). */
  promptBudgetTokens?: number;
}

interface Candidate {
  segment: Segment;
  /** Rank of the unit (0 = most relevant): what goes first when the prompt is over budget. */
  rank: number;
}

/**
 * The plan for a question. A document that fits is sent whole (no retrieval loss). A larger one
 * sends the units the search ranks highest, whole while they fit and as their best passages when
 * one does not, until the input budget is full; in document order, with their labels.
 */
export function makeQuestionPlan(input: QuestionPlanInput): PromptPlan {
  const { limits } = input;
  const context = input.context ?? "";
  const reserved = limits.maxOutputTokens;
  const windowBudget = limits.contextWindowTokens - reserved - MARGIN_TOKENS;
  const budget = Math.min(windowBudget, input.promptBudgetTokens ?? windowBudget);
  const byOrdinal = new Map(input.units.map((unit) => [unit.ordinal, unit]));
  const templateTokens = countChatPrompt([{ role: "system", content: "" }, { role: "user", content: "" }], { thinkingOff: limits.thinkingOffBlock });
  const documentTokens = input.units.reduce((sum, unit) => sum + unit.tokens, 0);
  const withText = input.units.filter((unit) => unit.text.length > 0);
  const notes: string[] = [];

  const render = (retrieval: boolean, segments: Segment[]) =>
    singleMessages({ kind: input.kind, task: questionTask(input.question, input.kind, retrieval), documentName: input.documentName, context, material: materialOf(byOrdinal, segments) });
  const emptySingle = promptTokens(render(false, []), limits);
  // Counting a 300,000-token document takes seconds: the units' stored counts decide whether the
  // whole document could fit, and only then is the whole prompt counted exactly.
  const estimatedSingle = emptySingle + withText.reduce((sum, unit) => sum + unit.tokens + Math.ceil(unit.label.length / 2) + 4, 0);
  const whole = estimatedSingle <= budget * 1.05 ? withText.map(wholeSegment) : [];
  const singleExact = whole.length > 0 ? promptTokens(render(false, whole), limits) : Number.POSITIVE_INFINITY;

  let retrieval = false;
  let segments: Segment[];
  let prompt: number;
  if (singleExact <= budget) {
    segments = whole;
    prompt = singleExact;
  } else {
    retrieval = true;
    const emptyRetrieval = promptTokens(render(true, []), limits);
    const room = budget - emptyRetrieval;
    if (room < 500) throw new Error("the instructions and context leave no room for the document; shorten the question");
    const picked = pick(input.search(input.question), byOrdinal, room);
    let candidates = picked.candidates;
    if (candidates.length === 0) {
      notes.push("No part of the document matched the question's words, so the first parts that fit were sent instead.");
      candidates = firstThatFit(withText, room);
    }
    notes.push(...picked.notes);
    segments = inDocumentOrder(candidates);
    prompt = promptTokens(render(true, segments), limits);
    // Blocks are counted alone; joined, the newline between two blocks merges with the first
    // block's own ("\n\n" is one token), so the sum is exact or a token off. Check, and should the
    // prompt be over, drop the least relevant part until it fits.
    while (prompt > budget && candidates.length > 1) {
      const worst = candidates.reduce((a, b) => (b.rank > a.rank || (b.rank === a.rank && b.segment.start > a.segment.start) ? b : a));
      candidates = candidates.filter((candidate) => candidate !== worst);
      segments = inDocumentOrder(candidates);
      prompt = promptTokens(render(true, segments), limits);
    }
  }

  const emptyPrompt = promptTokens(render(retrieval, []), limits);
  const call: PlannedCall = {
    key: "answer",
    purpose: "answer",
    title: retrieval ? `answer from ${segments.length} retrieved part(s) (${rangeTitle(segments)})` : `answer from the whole document (${rangeTitle(segments)})`,
    segments,
    promptTokens: prompt,
    promptTokensExact: true,
    maxTokens: reserved,
    layout: { templateTokens, instructionTokens: emptyPrompt - templateTokens, documentTokens: prompt - emptyPrompt, reservedOutputTokens: reserved },
  };
  const included = new Set(segments.map((segment) => segment.ordinal));
  const omitted = input.units
    .filter((unit) => !included.has(unit.ordinal))
    .map((unit) => ({ label: unit.label, reason: unit.text.length === 0 ? "no text" : NOT_RETRIEVED }));
  if (retrieval) {
    notes.unshift(
      `The document (${documentTokens.toLocaleString("en-US")} tokens) does not fit one call's input budget of ${budget.toLocaleString("en-US")} tokens: a BM25 search picked the ${included.size} most relevant of its ${withText.length} parts for this question.`,
    );
  }
  const task = questionTask(input.question, input.kind, retrieval);
  return {
    version: 1,
    strategy: retrieval ? "retrieval" : "single",
    documentName: input.documentName,
    documentTokens,
    contextWindowTokens: limits.contextWindowTokens,
    maxOutputTokens: limits.maxOutputTokens,
    inputBudgetTokens: budget,
    marginTokens: MARGIN_TOKENS,
    task: { id: task.id, title: task.title, instructions: task.instructions, format: task.format },
    context,
    contextTokens: context ? countTokens(context) : 0,
    calls: [call],
    reduceLevels: 0,
    coverage: { unitsTotal: input.units.length, unitsIncluded: included.size, omitted, split: [], cut: [] },
    cost: estimateCost([call], limits),
    thinking: limits.thinking,
    notes,
  };
}

function wholeSegment(unit: PlanUnit): Segment {
  return { ordinal: unit.ordinal, label: unit.label, start: 0, end: unit.text.length, tokens: countTokens(renderBlock(unit.label, unit.text)) };
}

/**
 * Walks the ranked passages: a unit enters whole at its best passage's rank while it fits; a unit
 * that no longer fits (or is larger than the whole budget) sends the passages that do, each with
 * the unit's label and its part number.
 */
function pick(hits: PassageHit[], byOrdinal: Map<number, PlanUnit>, room: number): { candidates: Candidate[]; notes: string[] } {
  const candidates: Candidate[] = [];
  const wholeUnits = new Set<number>();
  const ranks = new Map<number, number>();
  const partial = new Map<number, { sent: number; parts: number }>();
  let left = room;
  for (const hit of hits) {
    if (left < 32) break;
    const unit = byOrdinal.get(hit.ordinal);
    if (!unit || wholeUnits.has(hit.ordinal)) continue;
    const rank = ranks.get(hit.ordinal) ?? ranks.size;
    ranks.set(hit.ordinal, rank);
    // Rendering only adds to a unit's tokens: one larger than the room left is not counted again.
    if (!partial.has(hit.ordinal) && unit.tokens <= left) {
      const segment = wholeSegment(unit);
      if (segment.tokens <= left) {
        candidates.push({ segment, rank });
        wholeUnits.add(hit.ordinal);
        left -= segment.tokens;
        continue;
      }
    }
    // A one-passage unit that did not fit whole has nothing smaller to offer.
    if (hit.parts <= 1) continue;
    const label = `${unit.label} (part ${hit.part}/${hit.parts})`;
    const tokens = countTokens(renderBlock(label, unit.text.slice(hit.start, hit.end)));
    const sent = partial.get(hit.ordinal) ?? { sent: 0, parts: hit.parts };
    partial.set(hit.ordinal, sent);
    if (tokens > left) continue;
    candidates.push({ segment: { ordinal: hit.ordinal, label, start: hit.start, end: hit.end, tokens }, rank });
    sent.sent += 1;
    left -= tokens;
  }
  const notes = [...partial.entries()]
    .filter(([, value]) => value.sent > 0)
    .map(([ordinal, value]) => `${byOrdinal.get(ordinal)?.label ?? ordinal}: ${value.sent} of its ${value.parts} passages sent (the whole part is larger than the room left).`);
  return { candidates, notes };
}

/** When nothing matched: the first whole units that fit, like a plain truncation. */
function firstThatFit(units: PlanUnit[], room: number): Candidate[] {
  const out: Candidate[] = [];
  let left = room;
  for (const unit of units) {
    const segment = wholeSegment(unit);
    if (segment.tokens > left) break;
    out.push({ segment, rank: out.length });
    left -= segment.tokens;
  }
  return out;
}

function inDocumentOrder(candidates: Candidate[]): Segment[] {
  return candidates.map((candidate) => candidate.segment).sort((a, b) => a.ordinal - b.ordinal || a.start - b.start);
}
