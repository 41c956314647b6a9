import type { CodebaseFacts } from "./facts/types";
import { testsSentence } from "./render-facts";
import type { FolderStat } from "./types";
import { formatNumber } from "./format-numbers";

/**
 * A compact map of the repository for the prompt: the folder tree with files, lines and tokens,
 * then the facts a reviewer orients by (languages, entry points, manifests, tests). Plain text,
 * bounded: past `maxFolders`, the largest folders are kept and the rest are counted.
 */
const n = (value: number) => formatNumber(value);

export function renderRepoMap(tree: readonly FolderStat[], facts: CodebaseFacts, options: { maxFolders?: number } = {}): string {
  const maxFolders = options.maxFolders ?? 120;
  const out: string[] = [`Repository map: ${n(facts.files.included)} files, ${n(facts.files.lines)} lines, ${n(facts.files.tokens)} tokens.`, "", "Folders (files · lines · tokens):"];
  // Keep shallow folders first, then the heaviest; print in path order so the tree reads as a tree.
  const kept = new Set([...tree].sort((a, b) => a.depth - b.depth || b.tokens - a.tokens).slice(0, maxFolders));
  for (const folder of tree) {
    if (!kept.has(folder)) continue;
    const name = folder.path === "" ? "./" : `${folder.path.slice(folder.path.lastIndexOf("/") + 1)}/`;
    out.push(`${"  ".repeat(folder.depth)}${name} ${n(folder.files)} · ${n(folder.lines)} · ${n(folder.tokens)}`);
  }
  if (tree.length > kept.size) out.push(`(${n(tree.length - kept.size)} smaller or deeper folders not shown)`);

  const languages = facts.languages.slice(0, 8).map((language) => `${language.language} ${n(language.files)} files/${n(language.lines)} lines`);
  if (languages.length > 0) out.push("", `Languages: ${languages.join("; ")}.`);
  if (facts.entryPoints.length > 0) out.push(`Entry points: ${facts.entryPoints.slice(0, 12).map((entry) => `${entry.path} (${entry.kind}${entry.detail ? `: ${entry.detail}` : ""})`).join("; ")}.`);
  if (facts.manifests.length > 0) {
    const manifests = facts.manifests.slice(0, 12).map((manifest) => `${manifest.path} (${manifest.ecosystem}, ${n(manifest.dependencies.length)} dependencies)`);
    out.push(`Manifests: ${manifests.join("; ")}.`);
  }
  out.push(`Tests: ${testsSentence(facts.tests)}`);
  if (facts.largestFiles.length > 0) out.push(`Largest files: ${facts.largestFiles.slice(0, 8).map((file) => `${file.path} (${n(file.tokens)} tokens)`).join("; ")}.`);
  return `${out.join("\n")}\n`;
}
