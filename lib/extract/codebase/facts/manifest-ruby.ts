import type { Dependency, Manifest } from "./types";

/** Gemfile: `gem "name", "~> 1.2"` lines; those inside `group :development` / `:test` blocks are dev. */
export function parseGemfile(path: string, text: string): Manifest {
  const dependencies: Dependency[] = [];
  const groups: boolean[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*$/, "").trim();
    // `group :development, :test do`, read without a backtracking pattern (lines can be long).
    const opensBlock = /\bdo(\s*\|[^|]*\|)?$/.test(line);
    if (opensBlock && /^group\s/.test(line)) {
      groups.push(/:(development|test)\b|["'](development|test)["']/.test(line.slice(6, line.lastIndexOf("do"))));
      continue;
    }
    if (opensBlock) {
      groups.push(groups[groups.length - 1] ?? false);
      continue;
    }
    if (line === "end") {
      groups.pop();
      continue;
    }
    const gem = /^gem\s+["']([^"']+)["']\s*(?:,\s*["']([^"']+)["'])?(?:\s*,\s*["']([^"']+)["'])?(.*)$/.exec(line);
    if (!gem?.[1]) continue;
    const inlineDev = /group:\s*\[?\s*:(development|test)|groups?:\s*%i\[[^\]]*(development|test)/.test(gem[4] ?? "");
    const version = [gem[2], gem[3]].filter((part): part is string => part !== undefined).join(", ");
    dependencies.push({ name: gem[1], version, scope: groups.includes(true) || inlineDev ? "dev" : "runtime" });
  }
  return { path, ecosystem: "ruby", dependencies };
}
