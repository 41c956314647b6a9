import { getDocument, listUnits } from "../../db/queries/documents";
import { getJob, refreshJobTotals, updateJob, type JobStatus } from "../../db/queries/jobs";
import { insertCall, listCalls, updateCall } from "../../db/queries/calls";
import { compactDeltas } from "../../db/queries/events";
import { streamChat, type ChatCallResult } from "../llm/client";
import type { RateGate } from "../llm/rate-gate";
import { redactSecrets } from "../log";
import { formatLi } from "../money";
import { buildContinuation, closeOpenStructures, joinAtSeam, type Block } from "../prompt/continuation";
import { MARGIN_TOKENS, promptTokens, rangeTitle } from "../prompt/plan";
import { mapMessages, reduceMessages, renderBlock, renderSegment, singleMessages, type MaterialKind, type PlanUnit, type PromptMessage } from "../prompt/render";
import { noteSize, reduceLevel, type ReduceRoom } from "../prompt/reduce-groups";
import { parseStoredPlan } from "../prompt/plan-schema";
import type { PlannedCall, PromptPlan } from "../prompt/types";
import type { ServerContext } from "../server-context";
import { callFitsBudget, worstCallMicroLi } from "./budget";
import { DeltaBuffer, recordEvent, type JobEvent } from "./events";
import { planLimits } from "./limits";
import { emptyJobState, parseJobState, stepTexts, type JobState } from "./state";

/** A job ends early, on purpose: cancelled, over budget, out of rounds, or an upstream error. */
export class JobStop extends Error {
  constructor(
    readonly status: JobStatus,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ExecuteDeps {
  /** Sees every event as it is recorded (the CLI streams the report to stdout with it). */
  observe?: (event: JobEvent) => void;
  fetch?: typeof fetch;
  gate?: RateGate;
  sleep?: (ms: number) => Promise<void>;
}

interface StepSpec {
  key: string;
  purpose: PlannedCall["purpose"];
  title: string;
  render(material: string): PromptMessage[];
  blocks: Block[];
  /** The step whose answer is the report (streamed into jobs.output). */
  final: boolean;
}

/**
 * Runs a job to its end: each planned step, continuing answers cut at the output cap, writing
 * text, calls, costs and events to SQLite as they happen. Finished steps recorded in the job's
 * state are never run (nor paid for) again, so this is also how a job resumes.
 */
export async function executeJob(context: ServerContext, jobId: string, signal: AbortSignal, deps: ExecuteDeps = {}): Promise<JobStatus> {
  const { db, config } = context;
  const job = getJob(db, { id: jobId });
  if (!job) return "failed";
  const limits = planLimits(config);
  const llm = config.llm;
  let output = job.output;
  let callsDone = job.callsDone;
  let callsPlanned = job.callsPlanned;
  let state: JobState = emptyJobState();

  const emit = (event: JobEvent) => {
    recordEvent(db, jobId, event);
    deps.observe?.(event);
  };
  // The job row is written when a call ends and when the job ends, never while a call streams:
  // the streaming text's one copy is its call's row (llm_calls.output).
  const persist = (extra: Parameters<typeof updateJob>[1]["patch"] = {}) => {
    updateJob(db, { id: jobId, patch: { stateJson: JSON.stringify(state), output, callsDone, callsPlanned, ...extra } });
  };
  const finish = (status: JobStatus, code: string | null, message: string | null) => {
    persist({ status, errorCode: code, errorMessage: message, finishedAtMs: Date.now() });
    const finished = getJob(db, { id: jobId });
    emit({ type: "end", data: { status, errorCode: code, errorMessage: message, costMicroLi: finished?.costMicroLi ?? 0 } });
    // The log of an ended job is replayed, never appended to until a resume: its many small
    // deltas become one per call, with every event id a viewer may hold still valid.
    compactDeltas(db, { jobId });
    return status;
  };

  try {
    if (!llm.apiKey) {
      return finish("failed", "missing_key", "No API key is set: set LLM_API_KEY (a key that starts with sk-) in the server's environment and start it again, then resume this job.");
    }
    state = parseJobState(job.stateJson);
    return await run(parseStoredPlan(job.planJson));
  } catch (error) {
    if (error instanceof JobStop) return finish(error.status, error.code, error.message);
    console.error(`[longdoc] job ${jobId} failed unexpectedly: ${redactSecrets(error instanceof Error ? (error.stack ?? error.message) : String(error))}`);
    return finish("failed", "internal_error", "The job stopped on an unexpected server error (details are in the server log). Its output so far is kept; resume it to try again.");
  }

  async function run(plan: PromptPlan): Promise<JobStatus> {
    // A codebase report opens with its measured facts; the model's report follows.
    const preamble = plan.preamble ?? "";
    callsPlanned = Math.max(callsPlanned, plan.calls.length);
    updateJob(db, { id: jobId, patch: { status: "running", errorCode: null, errorMessage: null, startedAtMs: job!.startedAtMs ?? Date.now(), finishedAtMs: null } });
    emit({ type: "status", data: { status: "running" } });

    const units = new Map<number, PlanUnit>(
      (job!.documentId ? listUnits(db, { documentId: job!.documentId }) : []).map((unit) => [unit.ordinal, { ordinal: unit.ordinal, label: unit.label, text: unit.text, tokens: unit.tokens }]),
    );
    // A question (kind "question") about a codebase is rendered as code, as its plan was.
    const codebaseQuestion = job!.kind === "question" && job!.documentId !== null && getDocument(db, { id: job!.documentId })?.kind === "codebase";
    const kind: MaterialKind = job!.kind === "codebase" || codebaseQuestion ? "codebase" : "document";
    const base = { kind, task: plan.task, documentName: plan.documentName, context: plan.context ?? "" };
    const count = (messages: PromptMessage[]) => promptTokens(messages, limits);
    // Steps' answers so far (finished steps' notes, a cut answer), from the calls already made.
    const texts = stepTexts(listCalls(db, { jobId }), llm.profile.prefixContinuation);
    const promptBudget = llm.contextWindowTokens - llm.maxOutputTokens - MARGIN_TOKENS;

    const blocksOf = (call: PlannedCall): Block[] =>
      call.segments.map((segment) => {
        const unit = units.get(segment.ordinal);
        if (!unit) throw new JobStop("failed", "document_missing", "The document this job reads was deleted; upload it again and start a new job.");
        return { label: segment.label, text: renderSegment(unit, segment) };
      });

    const runStep = async (step: StepSpec): Promise<string> => {
      const saved = state.steps[step.key];
      let answer = texts.get(step.key) ?? "";
      if (saved?.done) return answer;
      let round = saved?.rounds ?? 0;
      for (;;) {
        if (signal.aborted) throw stopFor(signal);
        if (round >= config.jobMaxRounds) {
          throw new JobStop(
            "failed",
            "round_cap",
            `The answer was still going after ${config.jobMaxRounds} rounds of ${llm.maxOutputTokens.toLocaleString("en-US")} tokens, so it was stopped as a runaway. The text so far is kept. Narrow the instructions, or raise JOB_MAX_ROUNDS and resume.`,
          );
        }
        let messages: PromptMessage[];
        let prompt: number;
        let continueLastAssistant = false;
        let material: { blocksSent: number; blocksTotal: number } | undefined;
        if (answer === "") {
          messages = step.render(step.blocks.map((block) => block.text).join("\n"));
          prompt = count(messages);
        } else {
          const continuation = buildContinuation({ render: step.render, blocks: step.blocks, answerSoFar: answer, prefixContinuation: llm.profile.prefixContinuation, promptBudget, count });
          messages = continuation.messages;
          prompt = continuation.promptTokens;
          continueLastAssistant = continuation.continueLastAssistant;
          material = { blocksSent: continuation.blocksSent, blocksTotal: continuation.blocksTotal };
        }
        // Never pay for a request the server must refuse (the configuration may have changed
        // since the plan was made, or the instructions leave no room).
        if (prompt > promptBudget) {
          throw new JobStop(
            "failed",
            "too_long",
            `The next call would need ${prompt.toLocaleString("en-US")} prompt tokens, more than the ${promptBudget.toLocaleString("en-US")} the window leaves beside the output cap. Shorten the instructions, or plan the job again.`,
          );
        }
        if (job!.maxMicroLi !== null) {
          const spent = getJob(db, { id: jobId })?.costMicroLi ?? 0;
          const worst = worstCallMicroLi({ promptTokens: prompt, maxTokens: llm.maxOutputTokens }, llm);
          if (!callFitsBudget({ capMicroLi: job!.maxMicroLi, spentMicroLi: spent, worstMicroLi: worst })) {
            throw new JobStop(
              "failed",
              "budget",
              `Stopped before the next call: it could cost up to ${formatLi(worst)} li, and with ${formatLi(spent)} li spent that could pass this job's cap of ${formatLi(job!.maxMicroLi)} li. The text so far is kept; raise the cap and resume to go on.`,
            );
          }
        }
        callsPlanned = Math.max(callsPlanned, callsDone + 1);
        const call = insertCall(db, {
          jobId,
          purpose: step.purpose,
          stepKey: step.key,
          round,
          attempts: 0,
          promptTokens: prompt,
          usageSource: "estimated",
          inputMicroLiPerToken: llm.inputMicroLiPerToken,
          outputMicroLiPerToken: llm.outputMicroLiPerToken,
          costMicroLi: 0,
          finishReason: null,
        });
        emit({ type: "call-start", data: { key: step.key, purpose: step.purpose, round, promptTokens: prompt, maxTokens: llm.maxOutputTokens, title: step.title, ...material } });
        let roundText = "";
        let savedAtMs = Date.now();
        // Events every 300 ms for viewers; the call's text at most once a second (a crash loses at
        // most that second, and a resume goes on from the text saved).
        const buffer = new DeltaBuffer(emit, step.key, step.final, () => {
          if (Date.now() - savedAtMs < 1_000) return;
          savedAtMs = Date.now();
          updateCall(db, { id: call.id, patch: { output: roundText } });
        });
        // Without prefix continuation a model may restate the end of its answer: hold the start of a
        // continuation until the seam can be joined without a repeat.
        let seam = answer !== "" && llm.profile.prefixContinuation === "none" ? "" : null;
        const take = (text: string) => {
          roundText += text;
          if (seam !== null) {
            seam += text;
            if (seam.length < 600) return;
            releaseSeam();
            return;
          }
          answer += text;
          buffer.push(text);
        };
        const releaseSeam = () => {
          if (seam === null) return;
          const joined = joinAtSeam(answer, seam);
          const addition = joined.slice(answer.length);
          answer = joined;
          seam = null;
          buffer.push(addition);
        };
        let result: ChatCallResult | undefined;
        try {
          for await (const event of streamChat(llm, { messages, maxTokens: llm.maxOutputTokens, continueLastAssistant, signal }, { fetch: deps.fetch, gate: deps.gate, sleep: deps.sleep })) {
            if (event.type === "text") take(event.text);
            else if (event.type === "retry") emit({ type: "retry", data: { key: step.key, attempt: event.attempt, delayMs: event.delayMs, code: event.code, message: event.message } });
            else if (event.type === "end") result = event.result;
          }
        } finally {
          // Also when the stream throws (a cancel that lands mid-read): the text already in the
          // job's output must reach the events before the job's end, or a page following the
          // events shows less than the saved report.
          releaseSeam();
          buffer.flush();
          texts.set(step.key, answer);
          if (step.final) output = preamble + answer;
          if (!result) updateCall(db, { id: call.id, patch: { output: roundText } });
        }
        if (!result) throw new Error("the upstream client ended without a result");
        updateCall(db, {
          id: call.id,
          patch: {
            attempts: result.attempts,
            httpStatus: result.httpStatus,
            promptTokens: result.promptTokens,
            completionTokens: result.completionTokens,
            reasoningTokens: result.reasoningTokens,
            usageSource: result.usageSource,
            finishReason: result.finishReason,
            errorCode: result.error?.code ?? null,
            errorMessage: result.error?.message ?? null,
            timeToFirstTokenMs: result.timeToFirstTokenMs,
            durationMs: result.durationMs,
            costMicroLi: result.costMicroLi,
            output: roundText,
          },
        });
        refreshJobTotals(db, { id: jobId });
        callsDone += 1;
        const complete = result.error === null && result.finishReason !== "length";
        // The step's state is written with the call's end, so a crash after this line never
        // makes a resume pay for a finished step again.
        state.steps[step.key] = { done: complete, rounds: result.finishReason === "length" ? round + 1 : round, title: step.title };
        persist();
        const totals = getJob(db, { id: jobId });
        emit({
          type: "call-end",
          data: {
            key: step.key,
            round,
            finishReason: result.finishReason,
            promptTokens: result.promptTokens,
            completionTokens: result.completionTokens,
            reasoningTokens: result.reasoningTokens,
            usageSource: result.usageSource,
            costMicroLi: result.costMicroLi,
            attempts: result.attempts,
            errorCode: result.error?.code ?? null,
          },
        });
        emit({ type: "progress", data: { callsDone, callsPlanned, completionTokens: totals?.completionTokens ?? 0, costMicroLi: totals?.costMicroLi ?? 0 } });
        if (result.error) {
          if (result.error.code === "cancelled" || signal.aborted) throw stopFor(signal);
          throw new JobStop("failed", result.error.code, result.error.message);
        }
        if (complete) return answer;
        if (roundText.trim() === "") {
          // Thinking can use the whole output cap before any answer: the same request again
          // would do the same, so stop instead of paying for it round after round.
          throw new JobStop(
            "failed",
            "thinking_cap",
            `The model used all ${llm.maxOutputTokens.toLocaleString("en-US")} output tokens before writing any answer (its reasoning filled the cap). Turn thinking off (LLM_THINKING=off) or raise LLM_MAX_OUTPUT_TOKENS, then resume.`,
          );
        }
        round += 1;
      }
    };

    if (preamble && output === "") {
      output = preamble;
      emit({ type: "delta", data: { key: "preamble", final: true, text: preamble } });
      persist();
    }
    let report: string;
    if (plan.strategy !== "map-reduce") {
      const call = plan.calls[0];
      if (!call) throw new JobStop("failed", "empty_plan", "The plan has no calls: the document has no text to send.");
      report = await runStep({
        key: call.key,
        purpose: call.purpose,
        title: call.title,
        render: (material) => singleMessages({ ...base, material }),
        blocks: blocksOf(call),
        final: true,
      });
    } else {
      report = await runMapReduce();
    }
    const closed = closeOpenStructures(report);
    if (closed !== report) emit({ type: "delta", data: { key: "final", final: true, text: closed.slice(report.length) } });
    output = preamble + closed;
    return finish("succeeded", null, null);

    async function runMapReduce(): Promise<string> {
      const maps = plan.calls.filter((call) => call.purpose === "map");
      let notes: Array<{ label: string; text: string }> = [];
      for (const [index, call] of maps.entries()) {
        const range = rangeTitle(call.segments);
        const text = await runStep({
          key: call.key,
          purpose: "map",
          title: call.title,
          render: (material) => mapMessages({ ...base, material, part: index + 1, parts: maps.length, range }),
          blocks: blocksOf(call),
          final: false,
        });
        notes.push({ label: `notes on ${range}`, text });
      }
      // Reduce until the notes fit one call: the planner's grouping, applied to the real notes.
      const room: ReduceRoom = {
        budget: promptBudget,
        finalEmpty: count(reduceMessages({ ...base, material: "", final: true })),
        mergeEmpty: count(reduceMessages({ ...base, material: "", final: false })),
      };
      for (let level = 1; ; level += 1) {
        const blocks = notes.map((note) => ({ label: note.label, text: renderBlock(note.label, note.text) }));
        const step = reduceLevel(
          notes.map((note) => noteSize(note.label, note.text)),
          room,
          level,
        );
        if (step.final) {
          return runStep({
            key: step.call.key,
            purpose: "reduce",
            title: step.call.title,
            render: (material) => reduceMessages({ ...base, material, final: true }),
            blocks,
            final: true,
          });
        }
        if ("stuck" in step) {
          throw new JobStop(
            "failed",
            "notes_too_long",
            "The notes are too long to merge: no two of them fit one call together. Narrow the instructions so the notes are shorter, or lower JOB_MAX_ROUNDS, and start the job again.",
          );
        }
        callsPlanned = Math.max(callsPlanned, callsDone + step.calls.length + 1);
        const merged: Array<{ label: string; text: string }> = [];
        for (const group of step.groups) {
          if (group.members.length === 1) {
            merged.push(notes[group.members[0]!]!);
            continue;
          }
          const text = await runStep({
            key: group.key,
            purpose: "reduce",
            title: group.title,
            render: (material) => reduceMessages({ ...base, material, final: false }),
            blocks: group.members.map((member) => blocks[member]!),
            final: false,
          });
          merged.push({ label: group.label, text });
        }
        notes = merged;
      }
    }
  }
}

/** Why a job stopped when its signal fired: a person cancelled it, or the server is shutting down. */
function stopFor(signal: AbortSignal): JobStop {
  if (signal.reason === SHUTDOWN) {
    return new JobStop("interrupted", "interrupted", "The server was stopped during this job. Its output so far is kept; resume it to go on from there.");
  }
  return new JobStop("cancelled", "cancelled", "Cancelled. The text so far is kept; resume the job to go on from there.");
}

/** The abort reason the runner uses when the server shuts down. */
export const SHUTDOWN = "shutdown";
