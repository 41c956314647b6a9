/**
 * Archive entry names are attacker-controlled. Every name goes through here before it becomes a
 * label: absolute paths, drive letters, `..` segments and NUL bytes are refused (the entry is
 * skipped with the reason), never resolved. Backslashes are read as separators first, so a
 * Windows-made zip still works and `a\..\..\evil` is caught as the traversal it is.
 */

export type SafePath = { ok: true; path: string } | { ok: false; reason: string };

/** Deeper or longer names are refused: no real repository needs them, and they make every per-folder check quadratic. */
const MAX_SEGMENTS = 128;
const MAX_LENGTH = 4_096;

export function safeEntryPath(name: string): SafePath {
  if (name.length > MAX_LENGTH) return { ok: false, reason: `unsafe name (over ${MAX_LENGTH.toLocaleString("en-US")} characters): not read` };
  if (name.includes("\0")) return { ok: false, reason: "unsafe name (contains a NUL byte): not read" };
  const slashed = name.replace(/\\/g, "/");
  if (/^[A-Za-z]:/.test(slashed)) return { ok: false, reason: "unsafe name (Windows drive path): not read" };
  if (slashed.startsWith("/")) return { ok: false, reason: "unsafe name (absolute path): not read" };
  const segments = slashed.split("/").filter((segment) => segment !== "" && segment !== ".");
  if (segments.includes("..")) return { ok: false, reason: "unsafe name (a `..` segment would escape the archive): not read" };
  if (segments.length === 0) return { ok: false, reason: "empty name" };
  if (segments.length > MAX_SEGMENTS) return { ok: false, reason: `unsafe name (over ${MAX_SEGMENTS} folders deep): not read` };
  return { ok: true, path: segments.join("/") };
}

/** The label to show for an unsafe name: printable, and never mistaken for a real path. */
export function displayName(name: string): string {
  return name.replace(/[\u0000-\u001f\u007f]/g, "�");
}
