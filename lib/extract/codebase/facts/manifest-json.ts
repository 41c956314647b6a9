import type { Dependency, DependencyScope, Manifest } from "./types";

/** package.json and composer.json: JSON objects of name → version range per section. */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function section(json: Record<string, unknown>, key: string, scope: DependencyScope, skip?: (name: string) => boolean): Dependency[] {
  const value = json[key];
  if (!isRecord(value)) return [];
  return Object.entries(value)
    .filter(([name]) => !skip?.(name))
    .map(([name, version]) => ({ name, version: typeof version === "string" ? version : JSON.stringify(version), scope }));
}

export function parseJsonObject(text: string): Record<string, unknown> | string {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : "not a JSON object";
  } catch (error) {
    return `invalid JSON: ${(error as Error).message}`;
  }
}

export function parsePackageJson(path: string, text: string): Manifest {
  const json = parseJsonObject(text);
  if (typeof json === "string") return { path, ecosystem: "npm", dependencies: [], error: json };
  return {
    path,
    ecosystem: "npm",
    ...identity(json),
    dependencies: [
      ...section(json, "dependencies", "runtime"),
      ...section(json, "devDependencies", "dev"),
      ...section(json, "peerDependencies", "peer"),
      ...section(json, "optionalDependencies", "optional"),
    ],
  };
}

export function parseComposerJson(path: string, text: string): Manifest {
  const json = parseJsonObject(text);
  if (typeof json === "string") return { path, ecosystem: "composer", dependencies: [], error: json };
  // "php" and "ext-*" are platform requirements, not packages.
  const platform = (name: string) => name === "php" || name.startsWith("ext-");
  return {
    path,
    ecosystem: "composer",
    ...identity(json),
    dependencies: [...section(json, "require", "runtime", platform), ...section(json, "require-dev", "dev", platform)],
  };
}

function identity(json: Record<string, unknown>): { name?: string; version?: string } {
  return {
    ...(typeof json.name === "string" ? { name: json.name } : {}),
    ...(typeof json.version === "string" ? { version: json.version } : {}),
  };
}
