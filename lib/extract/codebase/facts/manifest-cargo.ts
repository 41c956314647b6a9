import { parseTomlLite, type TomlTable } from "./toml-lite";
import type { Dependency, DependencyScope, Manifest } from "./types";

/** Cargo.toml: [dependencies], [dev-dependencies], [build-dependencies], per-target tables and [workspace.dependencies]. */
export function parseCargoToml(path: string, text: string): Manifest {
  const tables = parseTomlLite(text);
  const dependencies: Dependency[] = [];
  for (const [table, entries] of tables) {
    const scope = cargoScope(table);
    if (scope) dependencies.push(...cargoDependencies(entries, scope));
  }
  const pkg = tables.get("package");
  const name = pkg?.get("name");
  const version = pkg?.get("version");
  return {
    path,
    ecosystem: "cargo",
    ...(typeof name === "string" ? { name } : {}),
    ...(typeof version === "string" ? { version } : {}),
    dependencies,
  };
}

function cargoScope(table: string): DependencyScope | null {
  const last = table.split(".").pop() ?? "";
  if (table === "dependencies" || table === "workspace.dependencies" || (table.startsWith("target.") && last === "dependencies")) return "runtime";
  if (last === "dev-dependencies") return "dev";
  if (last === "build-dependencies") return "build";
  return null;
}

function cargoDependencies(entries: TomlTable, scope: DependencyScope): Dependency[] {
  return [...entries].map(([key, value]) => {
    // `serde.workspace = true` arrives as the dotted key "serde.workspace".
    const name = key.split(".")[0] ?? key;
    if (typeof value === "string") return { name, version: value, scope };
    if (typeof value === "object" && !Array.isArray(value)) {
      const version = value.version ?? value.git ?? value.path;
      const optional = value.optional === true;
      return { name, version: typeof version === "string" ? version : value.workspace === true ? "workspace" : "", scope: optional ? "optional" : scope };
    }
    return { name, version: key.endsWith(".workspace") ? "workspace" : "", scope };
  });
}
