import { baseName, extensionOf } from "../exclusions";

/**
 * Language by file extension (or well-known file name), with its kind: `code` counts as source
 * for the tests-to-source ratio; `markup`, `data`, `docs` and `config` do not.
 */
export type LanguageKind = "code" | "markup" | "data" | "docs" | "config";

export interface Language {
  name: string;
  kind: LanguageKind;
}

const table: Array<[string, LanguageKind, string]> = [
  ["TypeScript", "code", "ts tsx mts cts"],
  ["JavaScript", "code", "js jsx mjs cjs"],
  ["Python", "code", "py pyi pyx"],
  ["Go", "code", "go"],
  ["Rust", "code", "rs"],
  ["Java", "code", "java"],
  ["Kotlin", "code", "kt kts"],
  ["Scala", "code", "scala sc"],
  ["Groovy", "code", "groovy gradle"],
  ["C", "code", "c h"],
  ["C++", "code", "cc cpp cxx hpp hh hxx ipp"],
  ["C#", "code", "cs csx"],
  ["F#", "code", "fs fsi fsx"],
  ["Objective-C", "code", "m mm"],
  ["Swift", "code", "swift"],
  ["Dart", "code", "dart"],
  ["Ruby", "code", "rb rake gemspec"],
  ["PHP", "code", "php phtml"],
  ["Perl", "code", "pl pm"],
  ["Lua", "code", "lua"],
  ["R", "code", "r"],
  ["Julia", "code", "jl"],
  ["Elixir", "code", "ex exs"],
  ["Erlang", "code", "erl hrl"],
  ["Haskell", "code", "hs lhs"],
  ["OCaml", "code", "ml mli"],
  ["Clojure", "code", "clj cljs cljc edn"],
  ["Zig", "code", "zig"],
  ["Nim", "code", "nim"],
  ["V", "code", "v"],
  ["Solidity", "code", "sol"],
  ["Shell", "code", "sh bash zsh fish"],
  ["PowerShell", "code", "ps1 psm1"],
  ["Batch", "code", "bat cmd"],
  ["SQL", "code", "sql"],
  ["Vue", "code", "vue"],
  ["Svelte", "code", "svelte"],
  ["Astro", "code", "astro"],
  ["HTML", "markup", "html htm xhtml"],
  ["CSS", "markup", "css"],
  ["SCSS", "markup", "scss sass"],
  ["Less", "markup", "less"],
  ["Templates", "markup", "hbs handlebars ejs pug njk jinja jinja2 j2 liquid mustache erb twig"],
  ["SVG", "markup", "svg"],
  ["XML", "data", "xml xsd xsl plist"],
  ["JSON", "data", "json jsonc json5 ndjson"],
  ["YAML", "config", "yml yaml"],
  ["TOML", "config", "toml"],
  ["INI", "config", "ini cfg conf properties env"],
  ["CSV", "data", "csv tsv"],
  ["GraphQL", "code", "graphql gql"],
  ["Protocol Buffers", "code", "proto"],
  ["Terraform", "config", "tf tfvars hcl"],
  ["Nix", "config", "nix"],
  ["Markdown", "docs", "md mdx markdown"],
  ["reStructuredText", "docs", "rst"],
  ["AsciiDoc", "docs", "adoc asciidoc"],
  ["Text", "docs", "txt"],
  ["Jupyter", "code", "ipynb"],
  ["Snapshots", "data", "snap"],
];

const byExtension = new Map<string, Language>();
for (const [name, kind, extensions] of table) for (const extension of extensions.split(" ")) byExtension.set(extension, { name, kind });

const byName = new Map<string, Language>([
  ["Dockerfile", { name: "Dockerfile", kind: "config" }],
  ["Containerfile", { name: "Dockerfile", kind: "config" }],
  ["Makefile", { name: "Makefile", kind: "config" }],
  ["GNUmakefile", { name: "Makefile", kind: "config" }],
  ["CMakeLists.txt", { name: "CMake", kind: "config" }],
  ["Jenkinsfile", { name: "Groovy", kind: "config" }],
  ["Gemfile", { name: "Ruby", kind: "config" }],
  ["Rakefile", { name: "Ruby", kind: "code" }],
  ["Procfile", { name: "Procfile", kind: "config" }],
  ["BUILD", { name: "Starlark", kind: "config" }],
  ["WORKSPACE", { name: "Starlark", kind: "config" }],
]);

const OTHER: Language = { name: "Other", kind: "data" };

export function languageOf(path: string): Language {
  const name = baseName(path);
  const named = byName.get(name) ?? (name.startsWith("Dockerfile.") ? byName.get("Dockerfile") : undefined);
  if (named) return named;
  if (name.startsWith(".") && !name.slice(1).includes(".")) return { name: "Dotfile", kind: "config" };
  return byExtension.get(extensionOf(path)) ?? OTHER;
}
