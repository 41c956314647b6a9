import type { CodebaseFacts, Dependency, Manifest } from "./facts/types";
import { formatNumber } from "./format-numbers";

/**
 * The measured section that opens a codebase report and goes into the prompt as context:
 * nothing here comes from the model. Markdown, numbers with thousands separators.
 */
const n = (value: number) => formatNumber(value);
const code = (text: string) => (text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``);
const cell = (text: string) => text.replace(/\|/g, "\\|");

const MAX_LANGUAGES = 12;
const MAX_NAMES_PER_SCOPE = 25;
const MAX_MANIFESTS = 12;
const MAX_MARKERS = 10;

export function renderFactsMarkdown(facts: CodebaseFacts): string {
  const { files, tests, markers } = facts;
  const out: string[] = ["## Measured facts", ""];
  out.push(`- **Files reviewed:** ${n(files.included)} text files, ${n(files.lines)} lines, ${n(files.tokens)} tokens (exact, with line numbers)${files.skipped > 0 ? `; ${n(files.skipped)} entries skipped (listed under coverage)` : ""}.`);
  out.push(`- **Tests:** ${testsSentence(tests)}`);
  out.push(`- **Markers:** ${n(markers.counts.TODO)} TODO, ${n(markers.counts.FIXME)} FIXME, ${n(markers.counts.HACK)} HACK.`);
  if (facts.entryPoints.length > 0) {
    out.push("", "### Entry points", "");
    for (const entry of facts.entryPoints) out.push(`- ${code(entry.path)}: ${entry.kind}${entry.detail ? ` → ${code(entry.detail)}` : ""}`);
  }
  if (facts.languages.length > 0) {
    out.push("", "### Languages", "", "| language | files | lines | tokens |", "| --- | ---: | ---: | ---: |");
    for (const language of facts.languages.slice(0, MAX_LANGUAGES)) out.push(`| ${cell(language.language)} | ${n(language.files)} | ${n(language.lines)} | ${n(language.tokens)} |`);
    const rest = facts.languages.length - MAX_LANGUAGES;
    if (rest > 0) out.push(`| ${n(rest)} more | | | |`);
  }
  if (facts.largestFiles.length > 0) {
    out.push("", "### Largest files (by tokens)", "", "| file | tokens | lines |", "| --- | ---: | ---: |");
    for (const file of facts.largestFiles) out.push(`| ${cell(code(file.path))} | ${n(file.tokens)} | ${n(file.lines)} |`);
  }
  if (facts.manifests.length > 0) {
    out.push("", "### Dependencies", "");
    for (const manifest of facts.manifests.slice(0, MAX_MANIFESTS)) out.push(...manifestLines(manifest));
    const rest = facts.manifests.length - MAX_MANIFESTS;
    if (rest > 0) out.push(`- … and ${n(rest)} more manifests.`);
  }
  const total = markers.counts.TODO + markers.counts.FIXME + markers.counts.HACK;
  if (total > 0) {
    out.push("", `### TODO, FIXME and HACK (${total > MAX_MARKERS ? `first ${MAX_MARKERS} of ${n(total)}` : n(total)})`, "");
    for (const marker of markers.locations.slice(0, MAX_MARKERS)) out.push(`- ${code(`${marker.path}:${marker.line}`)} ${code(marker.text)}`);
  }
  return `${out.join("\n")}\n`;
}

export function testsSentence(tests: CodebaseFacts["tests"]): string {
  const files = `${n(tests.testFiles)} test files (${n(tests.testLines)} lines) for ${n(tests.sourceFiles)} source files (${n(tests.sourceLines)} lines)`;
  if (tests.sourceLines === 0) return `${files}.`;
  // Integer arithmetic: test lines per 100 source lines, rounded half up.
  const per100 = Math.floor((tests.testLines * 100 + Math.floor(tests.sourceLines / 2)) / tests.sourceLines);
  return `${files}: ${n(per100)} test lines per 100 source lines.`;
}

function manifestLines(manifest: Manifest): string[] {
  const identity = manifest.name ? ` ${code(manifest.version ? `${manifest.name}@${manifest.version}` : manifest.name)}` : "";
  if (manifest.error) return [`- ${code(manifest.path)} (${manifest.ecosystem})${identity}: could not be parsed (${manifest.error}).`];
  const byScope = new Map<string, Dependency[]>();
  for (const dependency of manifest.dependencies) byScope.set(dependency.scope, [...(byScope.get(dependency.scope) ?? []), dependency]);
  const counts = [...byScope].map(([scope, list]) => `${n(list.length)} ${scope}`).join(", ");
  const lines = [`- ${code(manifest.path)} (${manifest.ecosystem})${identity}: ${counts || "no dependencies"}`];
  for (const [scope, list] of byScope) {
    const names = list.slice(0, MAX_NAMES_PER_SCOPE).map((dependency) => (dependency.version ? `${dependency.name} ${dependency.version}` : dependency.name));
    const more = list.length > MAX_NAMES_PER_SCOPE ? `, … ${n(list.length - MAX_NAMES_PER_SCOPE)} more` : "";
    lines.push(`  - ${scope}: ${names.join(", ")}${more}`);
  }
  return lines;
}
