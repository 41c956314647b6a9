import { parse, type TomlTable, type TomlValue } from "smol-toml";

export type { TomlTable, TomlValue };

/**
 * Manifests nest a few levels (`[target.'cfg(unix)'.dependencies]`, `{ version, features = [] }`);
 * deeper inline arrays or tables are hostile input, refused before the parser recurses into them.
 */
const MAX_DEPTH = 32;

/**
 * A TOML document (Cargo.toml, pyproject.toml, Pipfile) as its top table, or why it is not one
 * ("invalid TOML: … (line 3)"): a broken manifest is a fact about the codebase, never a crash.
 */
export function readToml(text: string): TomlTable | string {
  try {
    // `__proto__` and `constructor` keys are dropped so a manifest cannot shape the objects we walk.
    return parse(text, { maxDepth: MAX_DEPTH, unsafeKeyBehaviour: "drop" });
  } catch (error) {
    const message = ((error as Error).message.split("\n")[0] ?? "").replace(/^Invalid TOML document: /, "");
    const line = (error as { line?: unknown }).line;
    return `invalid TOML: ${message}${typeof line === "number" ? ` (line ${line})` : ""}`;
  }
}

/** A table (`[name]` or `{ … }`), not an array, a date or a scalar. */
export function isTomlTable(value: TomlValue | undefined): value is TomlTable {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** The table at a dotted path of keys (`tableAt(root, "tool", "poetry")`), if every step is one. */
export function tableAt(root: TomlTable, ...keys: string[]): TomlTable | undefined {
  let current: TomlTable = root;
  for (const key of keys) {
    const next = Object.hasOwn(current, key) ? current[key] : undefined;
    if (!isTomlTable(next)) return undefined;
    current = next;
  }
  return current;
}
