import { seededRandom } from "../dev/retrieval/filler-document";

/**
 * Question → page pairs made automatically from a real document: pick pages that hold a
 * distinctive sentence (some words found on at most two pages, enough ordinary words besides),
 * and ask about that sentence three ways:
 * - rare: its four rarest words — the easy case for any word index;
 * - paraphrase: its content words, 40% dropped, the rest shuffled, in a question template;
 * - inflected: the paraphrase with every English word's number flipped (budget ↔ budgets), as a
 *   person asks in their own word forms (Chinese has no inflection: the paraphrase again);
 * - hard: only its ordinary words (on 3+ pages), half dropped — what a person who does not know
 *   the document's vocabulary would type;
 * - paragraph: a third of the content words of the sentence and the two after it, shuffled — a
 *   question about a passage rather than one sentence (it checks that small passages do not lose
 *   answers spread over a paragraph).
 * The right answer is the page the sentence came from.
 */

export type Language = "en" | "zh";

export interface Pair {
  /** Ordinal of the page the sentence is on. */
  ordinal: number;
  sentence: string;
  questions: Record<QuestionKind, string>;
}

export type QuestionKind = "rare" | "paraphrase" | "inflected" | "hard" | "paragraph";
export const QUESTION_KINDS: QuestionKind[] = ["rare", "paraphrase", "inflected", "hard", "paragraph"];

const EN_STOP = new Set(
  "a an the and or but of to in on at by for with from as is are was were be been being it its this that these those which who whom whose what when where why how not no nor so than then there their they them he she his her him we our us you your i my me do does did done have has had having will would shall should can could may might must also into onto over under about after before such only own same too very just more most other some any each few all both".split(
    " ",
  ),
);
const ZH_STOP = new Set("的 了 是 在 和 与 或 不 中 为 将 对 此 该 其 时 以 及 可 能 已 被 有 无 个 之".split(" "));

let segmenter: Intl.Segmenter | undefined;

function wordsOf(text: string, language: Language): string[] {
  if (language === "en") return (text.toLowerCase().match(/\p{L}{3,}/gu) ?? []).filter((word) => !EN_STOP.has(word));
  segmenter ??= new Intl.Segmenter("zh", { granularity: "word" });
  const out: string[] = [];
  for (const part of segmenter.segment(text)) if (part.isWordLike && /\p{Script=Han}/u.test(part.segment) && !ZH_STOP.has(part.segment)) out.push(part.segment);
  return out;
}

/** Sentences of a page: hyphenated line ends joined, one sentence per line-free string. */
function sentencesOf(text: string, language: Language): string[] {
  if (language === "zh") return text.split(/\n|(?<=[。！？])/).map((sentence) => sentence.trim()).filter(Boolean);
  const flat = text.replace(/-\n(?=\p{Ll})/gu, "").replace(/\s+/g, " ").trim();
  return flat.split(/(?<=[.!?]["”’)]?)\s+/).filter((sentence) => {
    const words = sentence.split(" ").length;
    return words >= 12 && words <= 40;
  });
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let index = out.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [out[index], out[other]] = [out[other] as T, out[index] as T];
  }
  return out;
}

/** budget → budgets, attempts → attempt: a crude flip, enough to differ from the text's form. */
function flipNumber(word: string): string {
  if (word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  if (word.endsWith("y") && !/[aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

function ask(words: string[], language: Language): string {
  return language === "en" ? `What does the document say about ${words.join(" ")}?` : `文档中关于${words.join("")}的内容是什么？`;
}

export function buildPairs(pages: string[], { language, count, seed = 7 }: { language: Language; count: number; seed?: number }): Pair[] {
  const random = seededRandom(seed);
  const pageFrequency = new Map<string, number>();
  for (const page of pages) for (const word of new Set(wordsOf(page, language))) pageFrequency.set(word, (pageFrequency.get(word) ?? 0) + 1);
  const frequency = (word: string) => pageFrequency.get(word) ?? 0;
  const candidates: Array<{ ordinal: number; sentence: string; words: string[]; paragraph: string[] }> = [];
  pages.forEach((page, ordinal) => {
    const sentences = sentencesOf(page, language);
    const good = sentences
      .map((sentence, index) => ({ sentence, words: wordsOf(sentence, language), paragraph: wordsOf(sentences.slice(index, index + 3).join(" "), language) }))
      .filter(({ words }) => words.filter((word) => frequency(word) <= 2).length >= (language === "en" ? 2 : 1) && words.filter((word) => frequency(word) > 2).length >= (language === "en" ? 5 : 4));
    const chosen = good[Math.floor(random() * good.length)];
    if (chosen) candidates.push({ ordinal, ...chosen });
  });
  return shuffle(candidates, random)
    .slice(0, count)
    .sort((a, b) => a.ordinal - b.ordinal)
    .map(({ ordinal, sentence, words, paragraph }) => {
      const rare = [...new Set(words)].sort((a, b) => frequency(a) - frequency(b)).slice(0, 4);
      const paraphrase = shuffle(
        words.filter(() => random() > 0.4),
        random,
      );
      const common = words.filter((word) => frequency(word) > 2 && random() > 0.5);
      return {
        ordinal,
        sentence,
        questions: {
          rare: language === "en" ? `Where does it mention ${rare.join(", ")}?` : `哪里提到了${rare.join("、")}？`,
          paraphrase: ask(paraphrase, language),
          inflected: ask(language === "en" ? paraphrase.map(flipNumber) : paraphrase, language),
          hard: ask(common.length > 0 ? common : words.slice(0, 2), language),
          paragraph: ask(
            shuffle(
              paragraph.filter(() => random() < 1 / 3),
              random,
            ),
            language,
          ),
        },
      };
    });
}
