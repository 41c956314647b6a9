import { parseTomlLite, type TomlTable, type TomlValue } from "./toml-lite";
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
  return [...table]
    .filter(([name]) => name !== "python")
    .map(([name, value]) => {
      if (typeof value === "string") return { name, version: value, scope };
      if (typeof value === "object" && !Array.isArray(value)) {
        const version = value.version;
        const source = value.git ?? value.path ?? value.url;
        return { name, version: typeof version === "string" ? version : typeof source === "string" ? source : "", scope };
      }
      return { name, version: "", scope };
    });
}

function groupedLists(table: TomlTable | undefined, groupScope: (group: string) => DependencyScope): Dependency[] {
  if (!table) return [];
  return [...table].flatMap(([group, value]) => requirementList(value, groupScope(group)));
}

export function parsePyproject(path: string, text: string): Manifest {
  const tables = parseTomlLite(text);
  const project = tables.get("project");
  const poetry = tables.get("tool.poetry");
  const name = project?.get("name") ?? poetry?.get("name");
  const version = project?.get("version") ?? poetry?.get("version");
  const poetryGroups = [...tables].filter(([table]) => /^tool\.poetry\.group\.[^.]+\.dependencies$/.test(table));
  return {
    path,
    ecosystem: "python",
    ...(typeof name === "string" ? { name } : {}),
    ...(typeof version === "string" ? { version } : {}),
    dependencies: [
      ...requirementList(project?.get("dependencies"), "runtime"),
      ...groupedLists(tables.get("project.optional-dependencies"), (group) => (DEV_GROUP.test(group) ? "dev" : "optional")),
      ...groupedLists(tables.get("dependency-groups"), (group) => (DEV_GROUP.test(group) ? "dev" : "optional")),
      ...nameVersionTable(tables.get("tool.poetry.dependencies"), "runtime"),
      ...nameVersionTable(tables.get("tool.poetry.dev-dependencies"), "dev"),
      ...poetryGroups.flatMap(([, table]) => nameVersionTable(table, "dev")),
      ...groupedLists(tables.get("tool.pdm.dev-dependencies"), () => "dev"),
      ...requirementList(tables.get("tool.uv")?.get("dev-dependencies"), "dev"),
      ...requirementList(tables.get("build-system")?.get("requires"), "build"),
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
  const tables = parseTomlLite(text);
  return {
    path,
    ecosystem: "python",
    dependencies: [...nameVersionTable(tables.get("packages"), "runtime"), ...nameVersionTable(tables.get("dev-packages"), "dev")],
  };
}
