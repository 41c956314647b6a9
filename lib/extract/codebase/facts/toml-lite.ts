/**
 * Just enough TOML to read dependency manifests (pyproject.toml, Cargo.toml, Pipfile): table
 * headers, `key = value` with strings, numbers, booleans, string arrays (over several lines) and
 * one-line inline tables. Anything else is kept as its raw text. No dependency is installed for
 * a full parser because manifests are all we read, and a manifest we misread only loses a fact.
 */
export type TomlValue = string | number | boolean | TomlValue[] | { [key: string]: TomlValue };
export type TomlTable = Map<string, TomlValue>;

/** Table name ("" for the top) → its keys. Dotted keys stay dotted (`version.workspace`). */
export function parseTomlLite(text: string): Map<string, TomlTable> {
  const tables = new Map<string, TomlTable>([["", new Map()]]);
  let current = tables.get("") ?? new Map<string, TomlValue>();
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index += 1) {
    const line = stripComment(lines[index] ?? "").trim();
    if (line === "") continue;
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?$/.exec(line);
    if (header) {
      const name = normalizeKey(header[1] ?? "");
      current = tables.get(name) ?? new Map<string, TomlValue>();
      tables.set(name, current);
      continue;
    }
    const equals = line.indexOf("=");
    if (equals < 0) continue;
    const key = normalizeKey(line.slice(0, equals));
    let raw = line.slice(equals + 1).trim();
    // A multi-line array or inline table: read on until the brackets balance (scanning each line once).
    const brackets = new BracketDepth();
    brackets.feed(raw);
    while (brackets.depth > 0 && index + 1 < lines.length) {
      index += 1;
      const next = ` ${stripComment(lines[index] ?? "").trim()}`;
      raw += next;
      brackets.feed(next);
    }
    current.set(key, parseValue(raw));
  }
  return tables;
}

function normalizeKey(key: string): string {
  return key
    .split(".")
    .map((part) => part.trim().replace(/^["']|["']$/g, ""))
    .join(".");
}

function stripComment(line: string): string {
  let quote: string | null = null;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index];
    if (quote) {
      if (char === "\\" && quote === '"') index += 1;
      else if (char === quote) quote = null;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === "#") return line.slice(0, index);
  }
  return line;
}

/** Bracket depth outside quotes, fed piece by piece. */
class BracketDepth {
  depth = 0;
  private quote: string | null = null;

  feed(text: string): void {
    for (let index = 0; index < text.length; index += 1) {
      const char = text[index];
      if (this.quote) {
        if (char === "\\" && this.quote === '"') index += 1;
        else if (char === this.quote) this.quote = null;
      } else if (char === '"' || char === "'") this.quote = char;
      else if (char === "[" || char === "{") this.depth += 1;
      else if (char === "]" || char === "}") this.depth -= 1;
    }
  }
}

/** Splits on commas outside quotes and brackets. */
function splitTopLevel(inner: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let index = 0; index < inner.length; index += 1) {
    const char = inner[index];
    if (quote) {
      if (char === "\\" && quote === '"') index += 1;
      else if (char === quote) quote = null;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === "[" || char === "{") depth += 1;
    else if (char === "]" || char === "}") depth -= 1;
    else if (char === "," && depth === 0) {
      parts.push(inner.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(inner.slice(start));
  return parts.map((part) => part.trim()).filter((part) => part !== "");
}

/** Manifests nest two or three levels; deeper input is kept as raw text rather than recursed into. */
const MAX_DEPTH = 16;

function parseValue(raw: string, depth = 0): TomlValue {
  const value = raw.trim();
  if (depth > MAX_DEPTH) return value;
  if (value.startsWith('"""') || value.startsWith("'''")) return value.slice(3, value.lastIndexOf(value.slice(0, 3)));
  if (value.startsWith('"')) {
    try {
      return JSON.parse(value.slice(0, value.lastIndexOf('"') + 1)) as string;
    } catch {
      return value.slice(1, value.lastIndexOf('"'));
    }
  }
  if (value.startsWith("'")) return value.slice(1, value.lastIndexOf("'"));
  if (value.startsWith("[")) return splitTopLevel(value.slice(1, value.lastIndexOf("]"))).map((item) => parseValue(item, depth + 1));
  if (value.startsWith("{")) {
    const table: { [key: string]: TomlValue } = {};
    for (const pair of splitTopLevel(value.slice(1, value.lastIndexOf("}")))) {
      const equals = pair.indexOf("=");
      if (equals > 0) table[normalizeKey(pair.slice(0, equals))] = parseValue(pair.slice(equals + 1), depth + 1);
    }
    return table;
  }
  if (value === "true" || value === "false") return value === "true";
  if (/^[+-]?\d+$/.test(value)) return Number(value);
  return value;
}
