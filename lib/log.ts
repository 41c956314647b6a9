/** Redacts anything that looks like an API key or a bearer token before it reaches a log. */
export function redactSecrets(text: string): string {
  let out = text.replace(/\bsk-[A-Za-z0-9_\-]{4,}/g, "sk-…redacted").replace(/(Bearer\s+)[^\s"']+/gi, "$1…redacted");
  const key = process.env.LLM_API_KEY;
  if (key && key.length >= 4) out = out.split(key).join("…redacted");
  return out;
}
