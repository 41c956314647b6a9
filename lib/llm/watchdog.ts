/**
 * The three timeouts of an upstream call (C-12), as one re-armable timer that aborts the request.
 * `fetch` cannot tell connecting from waiting, so the phases are: until the response headers
 * (`connect`: every server in the contract answers the status line as soon as it accepts the
 * request and streams later), until the first body byte (`first_byte`, counted from the
 * request: prefill of a 128K prompt and silent thinking happen here), and between body chunks
 * (`idle`; keep-alive comments count as life, which is what they are for).
 */
export type TimeoutPhase = "connect" | "first_byte" | "idle";

export class Watchdog {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private phase: TimeoutPhase | null = null;
  private timeoutMs = 0;
  firedPhase: TimeoutPhase | null = null;

  constructor(private readonly controller: AbortController) {}

  arm(phase: TimeoutPhase, ms: number): void {
    this.clear();
    this.phase = phase;
    this.timeoutMs = Math.max(0, ms);
    this.timer = setTimeout(() => {
      this.firedPhase = phase;
      this.controller.abort(new Error(`upstream ${phase} timeout after ${this.timeoutMs} ms`));
    }, this.timeoutMs);
  }

  /** Re-arms the current phase from now: called on every received body chunk. */
  touch(): void {
    if (this.phase && this.firedPhase === null) this.arm(this.phase, this.timeoutMs);
  }

  clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  get firedAfterMs(): number {
    return this.timeoutMs;
  }
}
