import { isTomlTable, readToml, type TomlTable } from "./read-toml";
import type { Dependency, DependencyScope, Manifest } from "./types";

const SCOPES: ReadonlyArray<[table: string, scope: DependencyScope]> = [
  ["dependencies", "runtime"],
  ["dev-dependencies", "dev"],
  ["build-dependencies", "build"],
];

/** Cargo.toml: [dependencies], [dev-dependencies], [build-dependencies], per-target tables and [workspace.dependencies]. */
export function parseCargoToml(path: string, text: string): Manifest {
  const root = readToml(text);
  if (typeof root === "string") return { path, ecosystem: "cargo", dependencies: [], error: root };
  const dependencies: Dependency[] = [];
  // Top-level keys come in document order, so dependencies are listed as the file lists them.
  for (const [key, value] of Object.entries(root)) {
    if (!isTomlTable(value)) continue;
    if (key === "workspace") {
      dependencies.push(...scopedDependencies(value, [["dependencies", "runtime"]]));
    } else if (key === "target") {
      for (const target of Object.values(value)) if (isTomlTable(target)) dependencies.push(...scopedDependencies(target, SCOPES));
    } else {
      const scope = SCOPES.find(([table]) => table === key)?.[1];
      if (scope) dependencies.push(...cargoDependencies(value, scope));
    }
  }
  const pkg = root.package;
  const name = isTomlTable(pkg) ? pkg.name : undefined;
  const version = isTomlTable(pkg) ? pkg.version : undefined;
  return {
    path,
    ecosystem: "cargo",
    ...(typeof name === "string" ? { name } : {}),
    ...(typeof version === "string" ? { version } : {}),
    dependencies,
  };
}

function scopedDependencies(parent: TomlTable, scopes: typeof SCOPES): Dependency[] {
  return scopes.flatMap(([table, scope]) => {
    const entries = parent[table];
    return isTomlTable(entries) ? cargoDependencies(entries, scope) : [];
  });
}

function cargoDependencies(entries: TomlTable, scope: DependencyScope): Dependency[] {
  return Object.entries(entries).map(([name, value]) => {
    if (typeof value === "string") return { name, version: value, scope };
    if (isTomlTable(value)) {
      // `serde.workspace = true` and `serde = { workspace = true }` are the same table.
      const version = value.version ?? value.git ?? value.path;
      const optional = value.optional === true;
      return { name, version: typeof version === "string" ? version : value.workspace === true ? "workspace" : "", scope: optional ? "optional" : scope };
    }
    return { name, version: "", scope };
  });
}
