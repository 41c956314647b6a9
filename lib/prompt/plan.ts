import { AppError } from "../errors";
import { countChatPrompt, countTokens, truncateToTokens } from "../tokens";
import type { ResolvedTask } from "./presets";
import { mapMessages, reduceMessages, renderBlock, renderSegment, singleMessages, type MaterialKind, type PlanUnit, type PromptMessage } from "./render";
import { plannedNoteSize, reduceLevel, type ReduceRoom } from "./reduce-groups";
import { splitRanges } from "./split";
import type { CostEstimate, PlannedCall, PromptPlan, Segment } from "./types";

/** Tokens kept free in every call: absorbs a server's template differing from ours by a few tokens. */
export const MARGIN_TOKENS = 256;

export interface PlanLimits {
  contextWindowTokens: number;
  maxOutputTokens: number;
  inputMicroLiPerToken: number;
  outputMicroLiPerToken: number;
  thinking: boolean;
  /** Whether the server adds the empty `<think>` block (thinking switched off explicitly). */
  thinkingOffBlock: boolean;
  /** Continuation rounds allowed per answer. */
  maxRounds: number;
}

export interface PlanInput {
  kind: MaterialKind;
  documentName: string;
  units: PlanUnit[];
  task: ResolvedTask;
  /** Text sent with every call before the material (codebase facts and map). */
  context?: string;
  limits: PlanLimits;
  /**
   * A codebase that does not fit: "priority" reads the files a reviewer would pick first in one
   * call (long files cut with a marker), "full" reads every file by map-reduce.
   */
  packing?: "priority" | "full";
  /** Unit labels, most important first (for priority packing). */
  priority?: string[];
}

/**
 * Exact prompt tokens of a message list, as the server's chat template counts them. A trailing
 * assistant message is a prefix being continued: left open, with no generation prompt.
 */
export function promptTokens(messages: PromptMessage[], limits: Pick<PlanLimits, "thinkingOffBlock">): number {
  return countChatPrompt(messages, { thinkingOff: limits.thinkingOffBlock, continueLastAssistant: messages.at(-1)?.role === "assistant" });
}

function wholeSegment(unit: PlanUnit): Segment {
  return { ordinal: unit.ordinal, label: unit.label, start: 0, end: unit.text.length, tokens: countTokens(renderBlock(unit.label, unit.text)) };
}

/** "p. 1–p. 40" */
export function rangeTitle(segments: Segment[]): string {
  const first = segments[0];
  const last = segments[segments.length - 1];
  if (!first || !last) return "nothing";
  return first.label === last.label ? first.label : `${first.label}–${last.label}`;
}

export function materialOf(units: Map<number, PlanUnit>, segments: Segment[]): string {
  return segments
    .map((segment) => {
      const unit = units.get(segment.ordinal);
      if (!unit) throw new Error(`unit ${segment.ordinal} missing`);
      return renderSegment(unit, segment);
    })
    .join("\n");
}

/**
 * Makes the plan: one call when the document fits the input budget, otherwise map-reduce over
 * consecutive chunks that fill the budget. Every prompt of a single or map call is counted exactly
 * as it will be sent.
 */
export function makePlan(input: PlanInput): PromptPlan {
  const { limits } = input;
  const context = input.context ?? "";
  const reserved = limits.maxOutputTokens;
  const inputBudget = limits.contextWindowTokens - reserved - MARGIN_TOKENS;
  if (inputBudget < 1_000) throw new AppError("window_too_small", 422, "The context window is too small for the output cap: raise LLM_CONTEXT_WINDOW or lower LLM_MAX_OUTPUT_TOKENS.");
  const byOrdinal = new Map(input.units.map((unit) => [unit.ordinal, unit]));
  const base = { kind: input.kind, task: input.task, documentName: input.documentName, context };
  const templateTokens = countChatPrompt([{ role: "system", content: "" }, { role: "user", content: "" }], { thinkingOff: limits.thinkingOffBlock });

  const wholeSegments = input.units.filter((unit) => unit.text.length > 0).map(wholeSegment);
  const documentTokens = input.units.reduce((sum, unit) => sum + unit.tokens, 0);
  const emptySingle = promptTokens(singleMessages({ ...base, material: "" }), limits);
  const singleMaterial = materialOf(byOrdinal, wholeSegments);
  const estimatedSingle = emptySingle + wholeSegments.reduce((sum, s) => sum + s.tokens + 1, 0);

  const calls: PlannedCall[] = [];
  const split: PromptPlan["coverage"]["split"] = [];
  let reduceLevels = 0;
  const notes: string[] = [];

  const singleExact = estimatedSingle <= inputBudget * 1.05 ? promptTokens(singleMessages({ ...base, material: singleMaterial }), limits) : Number.POSITIVE_INFINITY;
  const cut: PromptPlan["coverage"]["cut"] = [];
  const byPriority = singleExact > inputBudget && input.packing === "priority" && input.priority ? packByPriority(wholeSegments, byOrdinal, input.priority, inputBudget - emptySingle) : null;
  if (byPriority) {
    let chosen = byPriority.segments;
    let exact = promptTokens(singleMessages({ ...base, material: materialOf(byOrdinal, chosen) }), limits);
    // Per-block counts are close, not exact: drop the least important block until it fits.
    while (exact > inputBudget && chosen.length > 1) {
      const drop = byPriority.order.filter((ordinal) => chosen.some((segment) => segment.ordinal === ordinal)).pop();
      chosen = chosen.filter((segment) => segment.ordinal !== drop);
      exact = promptTokens(singleMessages({ ...base, material: materialOf(byOrdinal, chosen) }), limits);
    }
    for (const segment of chosen) if (segment.cut) cut.push({ label: segment.label.replace(/ \(cut.*$/, ""), ...segment.cut });
    calls.push({
      key: "single",
      purpose: "single",
      title: `${chosen.length} of ${wholeSegments.length} files, by priority`,
      segments: chosen,
      promptTokens: exact,
      promptTokensExact: true,
      maxTokens: reserved,
      layout: { templateTokens, instructionTokens: emptySingle - templateTokens, documentTokens: exact - emptySingle, reservedOutputTokens: reserved },
    });
    notes.push(
      `The codebase (${documentTokens.toLocaleString("en-US")} tokens) does not fit one call: the repository map and facts always go in, then files by priority (README, manifests, entry points, core source before tests and fixtures): ${chosen.length - cut.length} read whole, ${cut.length} cut, ${wholeSegments.length - chosen.length} not read. Choose the full review to read every file by map-reduce.`,
    );
  } else if (singleExact <= inputBudget) {
    calls.push({
      key: "single",
      purpose: "single",
      title: `whole document (${rangeTitle(wholeSegments)})`,
      segments: wholeSegments,
      promptTokens: singleExact,
      promptTokensExact: true,
      maxTokens: reserved,
      layout: { templateTokens, instructionTokens: emptySingle - templateTokens, documentTokens: singleExact - emptySingle, reservedOutputTokens: reserved },
    });
  } else {
    // Map: the fixed part of a map prompt, with the longest range title it could carry.
    const emptyMap = promptTokens(mapMessages({ ...base, material: "", part: 999, parts: 999, range: "p. 99999 (part 99/99)–p. 99999 (part 99/99)" }), limits);
    const chunkBudget = inputBudget - emptyMap;
    if (chunkBudget < 500) throw new AppError("no_room", 422, "The instructions and context leave no room for the document in a call; shorten the instructions.");
    const segments: Segment[] = [];
    for (const segment of wholeSegments) {
      // A unit larger than a chunk is split at paragraph or sentence boundaries.
      if (segment.tokens + 1 > chunkBudget) {
        const unit = byOrdinal.get(segment.ordinal);
        if (!unit) continue;
        const ranges = splitRanges(unit.text, chunkBudget - 64);
        split.push({ label: unit.label, parts: ranges.length });
        ranges.forEach(([start, end], index) => {
          const label = `${unit.label} (part ${index + 1}/${ranges.length})`;
          segments.push({ ordinal: unit.ordinal, label, start, end, tokens: countTokens(renderBlock(label, unit.text.slice(start, end))) });
        });
      } else {
        segments.push(segment);
      }
    }
    const chunks = packChunks(segments, chunkBudget);
    // Verify each chunk's exact count; a chunk over the budget gives its last segments to the
    // next one (which is then checked in turn). Titles depend on the number of parts, so a
    // change in that number means checking again.
    const exact: number[] = [];
    const render = (chunk: Segment[], index: number, parts: number) =>
      promptTokens(mapMessages({ ...base, material: materialOf(byOrdinal, chunk), part: index + 1, parts, range: rangeTitle(chunk) }), limits);
    for (let settled = false; !settled; ) {
      settled = true;
      const parts = chunks.length;
      exact.length = 0;
      for (let index = 0; index < chunks.length; index += 1) {
        const chunk = chunks[index]!;
        let tokens = render(chunk, index, parts);
        while (tokens > inputBudget && chunk.length > 1) {
          const moved = chunk.pop()!;
          if (index + 1 < chunks.length) chunks[index + 1]!.unshift(moved);
          else chunks.push([moved]);
          tokens = render(chunk, index, parts);
        }
        exact.push(tokens);
      }
      if (chunks.length !== parts) settled = false;
    }
    chunks.forEach((chunk, index) => {
      const tokens = exact[index]!;
      calls.push({
        key: `map:${index}`,
        purpose: "map",
        title: `notes on ${rangeTitle(chunk)}`,
        segments: chunk,
        promptTokens: tokens,
        promptTokensExact: true,
        maxTokens: reserved,
        layout: { templateTokens, instructionTokens: emptyMap - templateTokens, documentTokens: tokens - emptyMap, reservedOutputTokens: reserved },
      });
    });
    // Reduce, with every note at the output cap: the grouping the runner applies to the real notes.
    const room: ReduceRoom = {
      budget: inputBudget,
      finalEmpty: promptTokens(reduceMessages({ ...base, material: "", final: true }), limits),
      mergeEmpty: promptTokens(reduceMessages({ ...base, material: "", final: false }), limits),
    };
    let level = 1;
    let planned = chunks.map((chunk) => plannedNoteSize(`notes on ${rangeTitle(chunk)}`, reserved));
    for (;;) {
      const step = reduceLevel(planned, room, level);
      if ("stuck" in step) throw new AppError("no_room", 422, "Two notes at the output cap do not fit one call to merge them: raise LLM_CONTEXT_WINDOW or lower LLM_MAX_OUTPUT_TOKENS.");
      const reduceCalls = step.final ? [step.call] : step.calls;
      for (const call of reduceCalls) {
        const empty = step.final ? room.finalEmpty : room.mergeEmpty;
        const bound = Math.min(inputBudget, call.promptTokens);
        calls.push({
          key: call.key,
          purpose: "reduce",
          title: call.title,
          segments: [],
          promptTokens: bound,
          promptTokensExact: false,
          maxTokens: reserved,
          layout: { templateTokens, instructionTokens: empty - templateTokens, documentTokens: bound - empty, reservedOutputTokens: reserved },
        });
      }
      reduceLevels = level;
      if (step.final) break;
      const previous = planned;
      planned = step.groups.map((group) => (group.members.length === 1 ? previous[group.members[0]!]! : plannedNoteSize(group.label, reserved)));
      level += 1;
    }
    notes.push(
      `The document (${documentTokens.toLocaleString("en-US")} tokens) does not fit one call's input budget of ${inputBudget.toLocaleString("en-US")} tokens: ${chunks.length} map calls write notes with page citations, then ${calls.length - chunks.length} reduce call(s) at most write the report. Reduce prompts depend on the notes, so their size is a bound.`,
    );
  }
  if (split.length > 0) notes.push(`${split.length} unit(s) larger than a chunk were split at paragraph or sentence boundaries.`);
  const includedOrdinals = new Set(calls.flatMap((call) => call.segments.map((segment) => segment.ordinal)));
  const omitted = input.units
    .filter((unit) => !includedOrdinals.has(unit.ordinal))
    .map((unit) => ({ label: unit.label, reason: unit.text.length === 0 ? "no text" : byPriority ? "not read: lower priority, the window was full" : "not planned" }));
  return {
    version: 1,
    strategy: calls.length === 1 ? "single" : "map-reduce",
    documentName: input.documentName,
    documentTokens,
    contextWindowTokens: limits.contextWindowTokens,
    maxOutputTokens: limits.maxOutputTokens,
    inputBudgetTokens: inputBudget,
    marginTokens: MARGIN_TOKENS,
    task: { id: input.task.id, title: input.task.title, instructions: input.task.instructions, format: input.task.format },
    context,
    contextTokens: context ? countTokens(context) : 0,
    calls,
    reduceLevels,
    coverage: { unitsTotal: input.units.length, unitsIncluded: includedOrdinals.size, omitted, split, cut },
    ...(input.kind === "codebase" && singleExact > inputBudget ? { packing: byPriority ? ("priority" as const) : ("full" as const) } : {}),
    cost: estimateCost(calls, limits),
    thinking: limits.thinking,
    notes,
  };
}

/** Smallest useful piece of a cut file; below this, the file is left out instead. */
const MIN_CUT_TOKENS = 1_500;

/**
 * Files in priority order while they fit whole; a file that does not fit is cut at a line end to
 * the room left (when that room is worth it), then sent in path order with the others.
 */
function packByPriority(segments: Segment[], units: Map<number, PlanUnit>, priority: string[], budget: number): { segments: Segment[]; order: number[] } {
  const byLabel = new Map(segments.map((segment) => [segment.label, segment]));
  const ranked = [...priority.map((label) => byLabel.get(label)).filter((segment): segment is Segment => segment !== undefined), ...segments.filter((segment) => !priority.includes(segment.label))];
  const chosen: Segment[] = [];
  let room = budget;
  for (const segment of ranked) {
    if (segment.tokens + 1 <= room) {
      chosen.push(segment);
      room -= segment.tokens + 1;
      continue;
    }
    const unit = units.get(segment.ordinal);
    if (!unit || room < MIN_CUT_TOKENS) continue;
    const linesTotal = unit.text.split("\n").length;
    let end = truncateToTokens(unit.text, room - 200).length;
    end = unit.text.lastIndexOf("\n", end) + 1 || end;
    const linesShown = unit.text.slice(0, end).split("\n").length - 1;
    if (linesShown < 1) continue;
    const label = `${unit.label} (cut: lines 1–${linesShown} of ${linesTotal})`;
    const piece: Segment = { ordinal: unit.ordinal, label, start: 0, end, tokens: 0, cut: { linesShown, linesTotal } };
    piece.tokens = countTokens(renderSegment(unit, piece));
    if (piece.tokens + 1 > room) continue;
    chosen.push(piece);
    room -= piece.tokens + 1;
  }
  return { segments: chosen.sort((a, b) => a.ordinal - b.ordinal), order: ranked.map((segment) => segment.ordinal) };
}

/** Greedy packing of consecutive segments into chunks of at most `budget` tokens. */
function packChunks(segments: Segment[], budget: number): Segment[][] {
  const chunks: Segment[][] = [];
  let current: Segment[] = [];
  let tokens = 0;
  for (const segment of segments) {
    const cost = segment.tokens + 1;
    if (current.length > 0 && tokens + cost > budget) {
      chunks.push(current);
      current = [];
      tokens = 0;
    }
    current.push(segment);
    tokens += cost;
  }
  if (current.length > 0) chunks.push(current);
  return balance(chunks, budget);
}

/**
 * Greedy packing leaves a short last chunk; spreading the segments evenly over the same number of
 * chunks gives the model similar amounts to read in each call.
 */
function balance(chunks: Segment[][], budget: number): Segment[][] {
  if (chunks.length < 2) return chunks;
  const all = chunks.flat();
  const total = all.reduce((sum, segment) => sum + segment.tokens + 1, 0);
  const target = Math.ceil(total / chunks.length);
  const out: Segment[][] = [];
  let current: Segment[] = [];
  let tokens = 0;
  for (const segment of all) {
    const cost = segment.tokens + 1;
    const remainingChunks = chunks.length - out.length;
    if (current.length > 0 && remainingChunks > 1 && (tokens + cost > budget || tokens + cost / 2 > target)) {
      out.push(current);
      current = [];
      tokens = 0;
    }
    current.push(segment);
    tokens += cost;
  }
  if (current.length > 0) out.push(current);
  return out.every((chunk) => chunk.reduce((sum, segment) => sum + segment.tokens + 1, 0) <= budget) ? out : chunks;
}

/**
 * Input: exact for single and map calls, a range for reduce calls. Output: at least one token a
 * call; at most every step continued to the round limit (continuations resend a prompt of at
 * most the input budget).
 */
export function estimateCost(calls: PlannedCall[], limits: PlanLimits): CostEstimate {
  const input = { min: 0, max: 0 };
  const output = { min: 0, max: 0 };
  for (const call of calls) {
    if (call.promptTokensExact) {
      input.min += call.promptTokens;
      input.max += call.promptTokens;
    } else {
      input.min += call.layout.templateTokens + call.layout.instructionTokens;
      input.max += call.promptTokens;
    }
    output.min += 1;
    output.max += call.maxTokens * limits.maxRounds;
    input.max += (limits.maxRounds - 1) * (limits.contextWindowTokens - call.maxTokens);
  }
  const inMin = input.min * limits.inputMicroLiPerToken;
  const inMax = input.max * limits.inputMicroLiPerToken;
  const outMin = output.min * limits.outputMicroLiPerToken;
  const outMax = output.max * limits.outputMicroLiPerToken;
  return {
    inputMicroLiMin: inMin,
    inputMicroLiMax: inMax,
    outputMicroLiMin: outMin,
    outputMicroLiMax: outMax,
    totalMicroLiMin: inMin + outMin,
    totalMicroLiMax: inMax + outMax,
    inputMicroLiPerToken: limits.inputMicroLiPerToken,
    outputMicroLiPerToken: limits.outputMicroLiPerToken,
  };
}
