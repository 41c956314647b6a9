/**
 * Long synchronous loops over a whole repository (decoding, hashing, marker search) run on the
 * server's main thread: one pass over 17 MB of text is tens of milliseconds, during which no
 * other request is answered and no SSE stream moves. A loop calls the function this returns
 * once per item; it gives the event loop a turn whenever `sliceMs` have passed since the last
 * one, so no stretch of work holds the thread much longer than one slice plus one item.
 */
export const SLICE_MS = 5;

export function eventLoopSlices(sliceMs = SLICE_MS, now: () => number = () => performance.now()): () => Promise<void> | undefined {
  let since = now();
  return () => {
    if (now() - since < sliceMs) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        since = now();
        resolve();
      }),
    );
  };
}
