/**
 * Citations in an answer → the units they point at, so the page can link `[p. 12]`, `[p. 3–5]` or
 * `src/auth.ts:40` to the unit's anchor. Pure and dependency-free: it runs in the browser as well
 * as in the CLI. Only labels the document really has become citations; anything else stays text.
 */

export interface Citation {
  /** Character range of the citation in the text: [start, end). */
  start: number;
  end: number;
  /** The cited text as written ("p. 12", "p. 3–5", "src/auth.ts:40"). */
  text: string;
  /** The unit cited (its ordinal: the index of its label), and its label. */
  ordinal: number;
  label: string;
  /** The line cited in a file, when there is one. */
  line?: number;
}

/** "(part 2/3)" that the planner adds to a split unit's label. */
const PART_SUFFIX = /\s*\((?:part|parts)\s+[\d–-]+\/\d+\)\s*$/;
/** "p. 12", "pp. 3–5", "page 7", "p. iv": the label and an optional range end. */
const PAGE = /^(?:pp?\.|pages?)\s*([\p{L}\p{N}]+)(?:\s*[–—-]\s*(?:pp?\.\s*)?[\p{L}\p{N}]+)?$/iu;
/** "src/auth.ts:40", "src/auth.ts:40-45", "auth.ts#L40". */
const CODE = /^(.+?)(?::|#L)(\d+)(?:\s*[–—-]\s*L?\d+)?$/;
/** A bracketed group that is not a Markdown link's text or an image. */
const BRACKETS = /(?<![!\]\\])\[([^[\]\n]{1,300})\](?![(:[])/g;
/** Path-like words outside brackets, optionally with a line. */
const PATH = /(?<![\p{L}\p{N}_/.@-])((?:[\p{L}\p{N}_@.+-]+\/)*[\p{L}\p{N}_@+-][\p{L}\p{N}_@.+-]*\.[\p{L}\p{N}]+)(?:(?::|#L)(\d+)(?:[–-]\d+)?)?/gu;
/** "p. 12" or "page 12" in running text. */
const RUNNING_PAGE = /(?<![\p{L}\p{N}])(?:pp?\.\s?|pages?\s)(\d+|[ivxlcdm]+\b)(?:\s?[–-]\s?\d+)?/giu;

class LabelIndex {
  private readonly exact = new Map<string, number>();
  private suffixes?: Map<string, number>;

  constructor(private readonly labels: readonly string[]) {
    labels.forEach((label, ordinal) => {
      if (!this.exact.has(label)) this.exact.set(label, ordinal);
    });
  }

  get(label: string): number | undefined {
    return this.exact.get(label);
  }

  /** A file cited by its path's tail ("auth.ts" for "src/auth.ts"), when only one file ends so. */
  path(path: string): number | undefined {
    const exact = this.exact.get(path) ?? this.exact.get(path.replace(/^\.\//, ""));
    if (exact !== undefined) return exact;
    if (!this.suffixes) {
      this.suffixes = new Map();
      this.labels.forEach((label, ordinal) => {
        const parts = label.split("/");
        for (let index = 1; index < parts.length; index += 1) {
          const suffix = parts.slice(index).join("/");
          this.suffixes?.set(suffix, this.suffixes.has(suffix) ? -1 : ordinal);
        }
      });
    }
    const found = this.suffixes.get(path);
    return found === undefined || found === -1 ? undefined : found;
  }
}

/** One cited part inside brackets: an exact label, a page (or range), or a file and line. */
function resolvePart(part: string, index: LabelIndex, pagePrefix: boolean): { ordinal: number; line?: number } | undefined {
  const clean = part.replace(PART_SUFFIX, "").trim();
  if (clean === "") return undefined;
  const exact = index.get(clean);
  if (exact !== undefined) return { ordinal: exact };
  const page = PAGE.exec(clean) ?? (pagePrefix && /^[\p{L}\p{N}]+(?:\s*[–—-]\s*[\p{L}\p{N}]+)?$/u.test(clean) ? PAGE.exec(`p. ${clean}`) : null);
  if (page?.[1]) {
    const ordinal = index.get(`p. ${page[1]}`);
    if (ordinal !== undefined) return { ordinal };
  }
  const code = CODE.exec(clean);
  if (code?.[1]) {
    const ordinal = index.path(code[1].replace(/^`|`$/g, ""));
    if (ordinal !== undefined) return { ordinal, line: Number(code[2]) };
  }
  const path = index.path(clean.replace(/^`|`$/g, ""));
  return path !== undefined ? { ordinal: path } : undefined;
}

/**
 * Every citation of a known label in `text`, in order, without overlaps. `labels[i]` is the label
 * of the unit with ordinal i.
 */
export function findCitations(text: string, labels: readonly string[]): Citation[] {
  const index = new LabelIndex(labels);
  const found: Citation[] = [];
  const taken: Array<[number, number]> = [];
  const add = (start: number, end: number, ordinal: number, line?: number) => {
    found.push({ start, end, text: text.slice(start, end), ordinal, label: labels[ordinal] ?? "", ...(line !== undefined ? { line } : {}) });
    taken.push([start, end]);
  };
  const free = (start: number, end: number) => taken.every(([a, b]) => end <= a || start >= b);
  // Markdown links the answer wrote itself are left as they are.
  for (const link of text.matchAll(/!?\[[^\]\n]*\]\([^)\n]*\)/g)) taken.push([link.index ?? 0, (link.index ?? 0) + link[0].length]);

  for (const match of text.matchAll(BRACKETS)) {
    const inner = match[1] ?? "";
    const innerStart = (match.index ?? 0) + 1;
    let pagePrefix = false;
    // "[p. 3, 5; src/a.ts:4 and p. 9]": each part is its own citation.
    for (const part of inner.matchAll(/[^,;]+/g)) {
      for (const piece of (part[0] ?? "").split(/(?<=\S)\s+and\s+(?=\S)/)) {
        const offset = inner.indexOf(piece, part.index ?? 0);
        const resolved = resolvePart(piece, index, pagePrefix);
        if (/^\s*pp?\./i.test(piece)) pagePrefix = true;
        if (!resolved) continue;
        const lead = piece.length - piece.trimStart().length;
        const start = innerStart + offset + lead;
        add(start, start + piece.trim().length, resolved.ordinal, resolved.line);
      }
    }
  }
  for (const match of text.matchAll(PATH)) {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    if (!free(start, end) || !match[1]) continue;
    const ordinal = index.path(match[1]);
    // A bare file name without a line links only when it is a whole label, not a guessed tail.
    if (ordinal === undefined || (match[2] === undefined && labels[ordinal] !== match[1] && !match[1].includes("/"))) continue;
    add(start, end, ordinal, match[2] !== undefined ? Number(match[2]) : undefined);
  }
  for (const match of text.matchAll(RUNNING_PAGE)) {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    const ordinal = match[1] ? index.get(`p. ${match[1]}`) : undefined;
    if (ordinal === undefined || !free(start, end)) continue;
    add(start, end, ordinal);
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The anchor id of a unit on the document page. */
export function unitAnchor(ordinal: number): string {
  return `u-${ordinal}`;
}
