/**
 * One gate per process in front of every upstream attempt. A 429 closes it for the backoff
 * delay, so that under a rate-limit storm all calls wait together instead of each one retrying
 * on its own schedule and multiplying the load the server is already refusing.
 */
export class RateGate {
  private openAtMs = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Keeps the gate closed for at least `delayMs` from now (never shortens an earlier close). */
  close(delayMs: number): void {
    this.openAtMs = Math.max(this.openAtMs, this.now() + Math.max(0, delayMs));
  }

  /** Milliseconds until the gate opens; 0 when open. */
  remainingMs(): number {
    return Math.max(0, this.openAtMs - this.now());
  }

  /**
   * Waits until the gate is open. Sleeps once per close: a fake `sleep` in tests returns at
   * once without time passing, so looping on the clock would spin forever; a new close made
   * while we slept is waited for in turn.
   */
  async wait(sleep: (ms: number) => Promise<void>): Promise<void> {
    let target = this.openAtMs;
    while (this.now() < target) {
      await sleep(target - this.now());
      if (this.openAtMs === target) return;
      target = this.openAtMs;
    }
  }
}

const holder = globalThis as unknown as { __longdocRateGate?: RateGate };

/** The process's gate, shared by every call (kept on globalThis so dev reloads keep one). */
export const sharedRateGate: RateGate = (holder.__longdocRateGate ??= new RateGate());
