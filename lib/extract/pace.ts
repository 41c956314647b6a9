import { setImmediate as nextTurn } from "node:timers/promises";

/** Longest stretch of synchronous work (ms) before the event loop gets a turn. */
const SLICE_MS = 25;

/**
 * A function to await between pieces of a long synchronous job (tokenizing a 100 MB text file
 * takes tens of seconds): it yields to the event loop once the current slice has run for 25 ms,
 * so the server keeps answering other requests and streams meanwhile.
 */
export function createPacer(): () => Promise<void> {
  let sliceStart = performance.now();
  return async () => {
    if (performance.now() - sliceStart < SLICE_MS) return;
    await nextTurn();
    sliceStart = performance.now();
  };
}
