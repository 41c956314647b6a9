import { isTomlTable, readToml, tableAt, type TomlTable, type TomlValue } from "./read-toml";
import type { Dependency, DependencyScope, Manifest } from "./types";

/** pyproject.toml (PEP 621, Poetry, PDM, uv, PEP 735 groups), requirements*.txt and Pipfile. */

const DEV_GROUP = /^(dev|develop|development|test|tests|testing|lint|linting|docs|typing|type|check|ci)$/i;

/** A PEP 508 requirement: `name[extras] (spec) ; markers` → name and spec. */
export function parseRequirement(requirement: string, scope: DependencyScope): Dependency | null {
  const withoutMarkers = requirement.split(";")[0]?.trim() ?? "";
  const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$/.exec(withoutMarkers);
  if (!match?.[1]) return null;
  return { name: match[1], version: (match[3] ?? "").replace(/^\(|\)$/g, "").trim(), scope };
}

function strings(value: TomlValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function requirementList(value: TomlValue | undefined, scope: DependencyScope): Dependency[] {
  return strings(value).flatMap((item) => parseRequirement(item, scope) ?? []);
}

/** Poetry / Pipfile style: `name = "^1.2"` or `name = { version = "^1.2", … }`. */
function nameVersionTable(table: TomlTable | undefined, scope: DependencyScope): Dependency[] {
  if (!table) return [];
  return Object.entries(table)
    .filter(([name]) => name !== "python")
    .map(([name, value]) => {
      if (typeof value === "string") return { name, version: value, scope };
      if (isTomlTable(value)) {
        const version = value.version;
        const source = value.git ?? value.path ?? value.url;
        return { name, version: typeof version === "string" ? version : typeof source === "string" ? source : "", scope };
      }
      return { name, version: "", scope };
    });
}

function groupedLists(table: TomlTable | undefined, groupScope: (group: string) => DependencyScope): Dependency[] {
  if (!table) return [];
  return Object.entries(table).flatMap(([group, value]) => requirementList(value, groupScope(group)));
}

export function parsePyproject(path: string, text: string): Manifest {
  const root = readToml(text);
  if (typeof root === "string") return { path, ecosystem: "python", dependencies: [], error: root };
  const project = tableAt(root, "project");
  const poetry = tableAt(root, "tool", "poetry");
  const name = project?.name ?? poetry?.name;
  const version = project?.version ?? poetry?.version;
  const poetryGroups: TomlTable[] = Object.values(tableAt(root, "tool", "poetry", "group") ?? {}).flatMap((group) => {
    const table = isTomlTable(group) ? tableAt(group, "dependencies") : undefined;
    return table ? [table] : [];
  });
  const groupScope = (group: string): DependencyScope => (DEV_GROUP.test(group) ? "dev" : "optional");
  return {
    path,
    ecosystem: "python",
    ...(typeof name === "string" ? { name } : {}),
    ...(typeof version === "string" ? { version } : {}),
    dependencies: [
      ...requirementList(project?.dependencies, "runtime"),
      ...groupedLists(tableAt(root, "project", "optional-dependencies"), groupScope),
      ...groupedLists(tableAt(root, "dependency-groups"), groupScope),
      ...nameVersionTable(tableAt(root, "tool", "poetry", "dependencies"), "runtime"),
      ...nameVersionTable(tableAt(root, "tool", "poetry", "dev-dependencies"), "dev"),
      ...poetryGroups.flatMap((table) => nameVersionTable(table, "dev")),
      ...groupedLists(tableAt(root, "tool", "pdm", "dev-dependencies"), () => "dev"),
      ...requirementList(tableAt(root, "tool", "uv")?.["dev-dependencies"], "dev"),
      ...requirementList(tableAt(root, "build-system")?.requires, "build"),
    ],
  };
}

export function parseRequirementsTxt(path: string, text: string): Manifest {
  const scope: DependencyScope = /(dev|test|lint|docs)/i.test(path.slice(path.lastIndexOf("/") + 1)) ? "dev" : "runtime";
  const dependencies = text
    .split("\n")
    .map((line) => line.replace(/(^|\s)#.*$/, "").trim())
    // Options (-r other.txt, -e ., --index-url …) and URLs are not package requirements.
    .filter((line) => line !== "" && !line.startsWith("-") && !/^[a-z+]+:\/\//i.test(line))
    .flatMap((line) => parseRequirement(line, scope) ?? []);
  return { path, ecosystem: "python", dependencies };
}

export function parsePipfile(path: string, text: string): Manifest {
  const root = readToml(text);
  if (typeof root === "string") return { path, ecosystem: "python", dependencies: [], error: root };
  return {
    path,
    ecosystem: "python",
    dependencies: [...nameVersionTable(tableAt(root, "packages"), "runtime"), ...nameVersionTable(tableAt(root, "dev-packages"), "dev")],
  };
}
