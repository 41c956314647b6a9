import os from "node:os";

/**
 * How many PDFs are read at once in this process. Each read is a worker thread with its own
 * pdf.js and up to the memory bound of a page, so ten simultaneous uploads must not start ten:
 * the others wait their turn (the per-document time bound starts when the turn comes).
 */
const MAX_READERS = Math.max(1, Math.min(4, os.availableParallelism()));

const state = { active: 0, waiting: [] as (() => void)[] };

export async function withReaderSlot<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  if (state.active >= MAX_READERS) {
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        state.waiting = state.waiting.filter((entry) => entry !== start);
        reject(signal?.reason ?? new DOMException("The extraction was cancelled.", "AbortError"));
      };
      const start = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      state.waiting.push(start);
    });
  } else {
    state.active += 1;
  }
  try {
    return await work();
  } finally {
    // The slot passes straight to the next waiter, or is freed.
    const next = state.waiting.shift();
    if (next) next();
    else state.active -= 1;
  }
}
