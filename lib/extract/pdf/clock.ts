/**
 * The time the PDF reader's bounds are measured on (a page's, opening's, the document's). Passed
 * in so tests run the bounds on a clock they move themselves: a bound tested on the machine's
 * clock passes or fails with the machine's load.
 */
export interface Clock {
  /** Milliseconds since a fixed point (the Unix epoch for the system clock). */
  now(): number;
  /** Calls `callback` once, `ms` milliseconds from now on this clock; the function returned cancels it. */
  after(ms: number, callback: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  after: (ms, callback) => {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};

/** A clock that moves only when told to (tests); due callbacks run, in time order, inside `advance`. */
export interface ManualClock extends Clock {
  /** Moves the clock on by `ms` and runs every callback due by then. */
  advance(ms: number): void;
  /** Delays (ms) of the callbacks still waiting, in the order they were asked for. */
  waiting(): number[];
  /** Resolves once a callback is waiting whose delay satisfies `match` (now, if one already is). */
  whenWaiting(match: (ms: number) => boolean): Promise<void>;
}

export function manualClock(start = 0): ManualClock {
  let now = start;
  let nextId = 0;
  const timers: Array<{ id: number; at: number; ms: number; callback: () => void }> = [];
  const watchers: Array<{ match: (ms: number) => boolean; resolve: () => void }> = [];
  const notify = () => {
    for (const watcher of [...watchers]) {
      if (timers.some((timer) => watcher.match(timer.ms))) {
        watchers.splice(watchers.indexOf(watcher), 1);
        watcher.resolve();
      }
    }
  };
  return {
    now: () => now,
    after(ms, callback) {
      const id = nextId++;
      timers.push({ id, at: now + Math.max(0, ms), ms, callback });
      notify();
      return () => {
        const index = timers.findIndex((timer) => timer.id === id);
        if (index >= 0) timers.splice(index, 1);
      };
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = timers.filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at || a.id - b.id)[0];
        if (!due) break;
        timers.splice(timers.indexOf(due), 1);
        now = Math.max(now, due.at);
        due.callback();
      }
      now = until;
    },
    waiting: () => timers.map((timer) => timer.ms),
    whenWaiting(match) {
      return new Promise((resolve) => {
        watchers.push({ match, resolve });
        notify();
      });
    },
  };
}
