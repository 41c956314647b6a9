/**
 * `meta.facts`: what can be measured about a codebase without the model. Counts are integers;
 * the report states them as facts and the prompt receives them as context.
 */

export type DependencyScope = "runtime" | "dev" | "peer" | "optional" | "build" | "indirect";

export interface Dependency {
  name: string;
  /** The version or range as written ("^18.2.0", ">=2.31", "v1.9.0"); "" when none is given. */
  version: string;
  scope: DependencyScope;
}

export type Ecosystem = "npm" | "python" | "go" | "cargo" | "maven" | "gradle" | "ruby" | "composer";

export interface Manifest {
  /** Path of the manifest file, e.g. "package.json" or "packages/web/package.json". */
  path: string;
  ecosystem: Ecosystem;
  /** The package's own name and version, where the manifest declares them. */
  name?: string;
  version?: string;
  dependencies: Dependency[];
  /** Set when the file could not be parsed: its dependencies are then unknown, not absent. */
  error?: string;
}

export interface LanguageStat {
  language: string;
  kind: "code" | "markup" | "data" | "docs" | "config";
  files: number;
  lines: number;
  /** Exact tokens of the files' numbered text. */
  tokens: number;
}

export type MarkerKind = "TODO" | "FIXME" | "HACK";

export interface MarkerLocation {
  path: string;
  /** 1-based line number. */
  line: number;
  kind: MarkerKind;
  /** The line, trimmed, at most 160 characters. */
  text: string;
}

export interface EntryPoint {
  path: string;
  /** What makes it an entry point: "package.json main", "Go main package", "Dockerfile CMD"… */
  kind: string;
  /** The command or target, when there is one ("node dist/server.js"). */
  detail?: string;
}

export interface CodebaseFacts {
  files: {
    /** Text files that became units. */
    included: number;
    /** Skipped entries (an excluded folder counts once). */
    skipped: number;
    lines: number;
    /** Exact tokens of all units. */
    tokens: number;
    /** Bytes of the included files as stored. */
    bytes: number;
  };
  /** Sorted by lines, most first. */
  languages: LanguageStat[];
  /** The files that cost the most tokens, most first (at most 15). */
  largestFiles: Array<{ path: string; tokens: number; lines: number }>;
  manifests: Manifest[];
  markers: {
    counts: Record<MarkerKind, number>;
    /** The first few, in path order (at most 20). */
    locations: MarkerLocation[];
  };
  tests: {
    testFiles: number;
    testLines: number;
    /** Files in a programming language that are not tests. */
    sourceFiles: number;
    sourceLines: number;
  };
  entryPoints: EntryPoint[];
}
