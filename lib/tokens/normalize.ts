import { REFERENCE_NFC_OPAQUE } from "./reference-unicode";

const OPAQUE = new RegExp(`[${REFERENCE_NFC_OPAQUE}]`, "u");
const AROUND_OPAQUE = new RegExp(`([${REFERENCE_NFC_OPAQUE}])`, "u");

/**
 * NFC as the reference computes it. `String.normalize` uses the engine's ICU tables, newer
 * than the reference's: it composes and reorders marks added to Unicode since, which the
 * reference treats as plain starters. Such a character blocks every composition and
 * reordering across it, so normalizing the parts around it separately (and keeping it as is)
 * gives the reference's result. Only texts that ICU actually changes pay for the check.
 */
export function referenceNfc(text: string): string {
  const normalized = text.normalize("NFC");
  if (normalized === text || !OPAQUE.test(text)) return normalized;
  return text
    .split(AROUND_OPAQUE)
    .map((part, i) => (i % 2 === 1 ? part : part.normalize("NFC")))
    .join("");
}
