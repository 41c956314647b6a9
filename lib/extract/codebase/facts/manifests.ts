import { baseName } from "../exclusions";
import { parseCargoToml } from "./manifest-cargo";
import { parseGoMod } from "./manifest-go";
import { parseComposerJson, parsePackageJson } from "./manifest-json";
import { parseBuildGradle, parsePomXml } from "./manifest-jvm";
import { parsePipfile, parsePyproject, parseRequirementsTxt } from "./manifest-python";
import { parseGemfile } from "./manifest-ruby";
import type { Ecosystem, Manifest } from "./types";

const MAX_MANIFEST_CHARS = 256 * 1024;

type Parser = [parse: (path: string, text: string) => Manifest, ecosystem: Ecosystem];

const byName = new Map<string, Parser>([
  ["package.json", [parsePackageJson, "npm"]],
  ["composer.json", [parseComposerJson, "composer"]],
  ["pyproject.toml", [parsePyproject, "python"]],
  ["Pipfile", [parsePipfile, "python"]],
  ["go.mod", [parseGoMod, "go"]],
  ["Cargo.toml", [parseCargoToml, "cargo"]],
  ["pom.xml", [parsePomXml, "maven"]],
  ["build.gradle", [parseBuildGradle, "gradle"]],
  ["build.gradle.kts", [parseBuildGradle, "gradle"]],
  ["Gemfile", [parseGemfile, "ruby"]],
]);

function parserFor(path: string): Parser | undefined {
  const name = baseName(path);
  if (/^requirements([-_.][\w.-]*)?\.txt$/i.test(name) || (/\.txt$/.test(name) && /(^|\/)requirements\//.test(path))) return [parseRequirementsTxt, "python"];
  return byName.get(name);
}

export function isManifest(path: string): boolean {
  return parserFor(path) !== undefined;
}

/** Every dependency manifest among the files, parsed; a manifest that fails to parse says why. */
export function readManifests(files: ReadonlyArray<{ path: string; text: string }>): Manifest[] {
  const manifests: Manifest[] = [];
  for (const file of files) {
    const parser = parserFor(file.path);
    if (!parser) continue;
    const [parse, ecosystem] = parser;
    // Real manifests are a few KB; the pattern-based parsers are not meant for megabytes of hostile input.
    if (file.text.length > MAX_MANIFEST_CHARS) {
      manifests.push({ path: file.path, ecosystem, dependencies: [], error: `too large to parse (${file.text.length.toLocaleString("en-US")} characters; the limit is ${MAX_MANIFEST_CHARS.toLocaleString("en-US")})` });
      continue;
    }
    try {
      manifests.push(parse(file.path, file.text));
    } catch (error) {
      manifests.push({ path: file.path, ecosystem, dependencies: [], error: (error as Error).message });
    }
  }
  return manifests.sort((a, b) => a.path.split("/").length - b.path.split("/").length || (a.path < b.path ? -1 : 1));
}
