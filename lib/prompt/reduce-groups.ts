import { countTokens } from "../tokens";
import { renderBlock } from "./render";

/**
 * How notes are merged, one level at a time. The planner calls this with the notes' planned sizes
 * (every note at the output cap) and the job runner with their real sizes, so when the notes come
 * out at their planned size the reduce calls that run are exactly the planned ones: same keys,
 * titles and levels.
 */

export interface NoteSize {
  /** "notes on p. 1–p. 40" */
  label: string;
  /** Tokens of the rendered block plus the newline that joins it to the next one. */
  tokens: number;
}

export interface ReduceRoom {
  /** Prompt tokens a call may use: window − output cap − margin. */
  budget: number;
  /** Prompt tokens of the final reduce call with no notes in it. */
  finalEmpty: number;
  /** Prompt tokens of a merging (non-final) reduce call with no notes in it. */
  mergeEmpty: number;
}

export interface ReduceGroup {
  key: string;
  title: string;
  /** Label of the note this group becomes. */
  label: string;
  /** Indices of the notes merged, consecutive. */
  members: number[];
  /** Additive bound of the call's prompt: the empty prompt plus the notes' sizes. */
  promptTokens: number;
}

export type ReduceLevel =
  | { final: true; call: ReduceGroup }
  /** `groups` of one note carry that note over unchanged (no call); `calls` are the others. */
  | { final: false; groups: ReduceGroup[]; calls: ReduceGroup[] }
  /** No two notes fit one call together: merging cannot make progress. */
  | { final: false; stuck: true };

export const FINAL_KEY = "reduce:final";
export const FINAL_TITLE = "final report from all notes";

/** The part a note covers: "notes on p. 1–p. 40" → "p. 1–p. 40". */
function coverage(label: string): string {
  return label.replace(/^notes on /, "");
}

/** The label of the note merged from consecutive notes: from the first one's start to the last one's end. */
export function mergedLabel(labels: string[]): string {
  const first = coverage(labels[0] ?? "").split("–")[0] ?? "";
  const last = coverage(labels[labels.length - 1] ?? "").split("–").pop() ?? "";
  return first === last ? `notes on ${first}` : `notes on ${first}–${last}`;
}

/**
 * One level of reduction: all notes into the final report when they fit one call (or there is
 * one note), else consecutive notes packed greedily into merging calls that fit the budget.
 */
export function reduceLevel(notes: NoteSize[], room: ReduceRoom, level: number): ReduceLevel {
  const total = notes.reduce((sum, note) => sum + note.tokens, 0);
  if (notes.length <= 1 || room.finalEmpty + total <= room.budget) {
    return { final: true, call: { key: FINAL_KEY, title: FINAL_TITLE, label: "report", members: notes.map((_, index) => index), promptTokens: room.finalEmpty + total } };
  }
  const packed: number[][] = [];
  let current: number[] = [];
  let tokens = room.mergeEmpty;
  notes.forEach((note, index) => {
    if (current.length > 0 && tokens + note.tokens > room.budget) {
      packed.push(current);
      current = [];
      tokens = room.mergeEmpty;
    }
    current.push(index);
    tokens += note.tokens;
  });
  if (current.length > 0) packed.push(current);
  if (packed.length === notes.length) return { final: false, stuck: true };
  const groups = packed.map((members, index): ReduceGroup => {
    // A note carried over alone keeps its label.
    const label = members.length === 1 ? notes[members[0]!]!.label : mergedLabel(members.map((member) => notes[member]!.label));
    return {
      key: `reduce:${level}:${index}`,
      title: `merge ${label} (level ${level})`,
      label,
      members,
      promptTokens: room.mergeEmpty + members.reduce((sum, member) => sum + notes[member]!.tokens, 0),
    };
  });
  return { final: false, groups, calls: groups.filter((group) => group.members.length > 1) };
}

/** A note's size as the runner measures it: its rendered block and the joining newline. */
export function noteSize(label: string, text: string): NoteSize {
  return { label, tokens: countTokens(renderBlock(label, text)) + 1 };
}

/** A note's size as the planner assumes it: the whole output cap of one call. */
export function plannedNoteSize(label: string, maxTokens: number): NoteSize {
  return { label, tokens: countTokens(renderBlock(label, "")) + maxTokens + 1 };
}
