import { endOfPrefix } from "./answer";

/**
 * Answers the emulator has given lately. A continuation request may carry different material
 * than the first call (the job runner cuts it to fit the window), so the rest of an answer is
 * found from the prefix the request carries, not rebuilt from its material.
 */
export class AnswerCache {
  private readonly answers: string[] = [];

  constructor(private readonly limit = 64) {}

  remember(answer: string): void {
    const existing = this.answers.indexOf(answer);
    if (existing >= 0) this.answers.splice(existing, 1);
    this.answers.push(answer);
    if (this.answers.length > this.limit) this.answers.shift();
  }

  /** The latest answer containing `prefix`, and where the prefix ends in it. */
  find(prefix: string): { answer: string; end: number } | null {
    for (let index = this.answers.length - 1; index >= 0; index--) {
      const answer = this.answers[index]!;
      const end = endOfPrefix(answer, prefix);
      if (end !== null) return { answer, end };
    }
    return null;
  }

  clear(): void {
    this.answers.length = 0;
  }
}
