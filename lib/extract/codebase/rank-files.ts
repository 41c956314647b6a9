import type { SourceDocument } from "../types";
import { baseName } from "./exclusions";
import { entryPointsOf } from "./facts/entry-points";
import { languageOf } from "./facts/languages";
import { isManifest } from "./facts/manifests";
import { isFixture, isTestFile } from "./facts/test-files";
import { stripLineNumbers } from "./number-lines";

export interface FileRank {
  label: string;
  /** 0–100, higher is read first. */
  priority: number;
  reason: string;
}

/**
 * The order in which a reviewer with a limited window should read a repository: what it is
 * (README, manifests), where it starts (entry points), the core source (shallow before deep),
 * configuration, docs, tests, data, and fixtures and generated code last. For the planner, when
 * the whole repository does not fit; ties go to the shallower path, then the path's order.
 */
export function rankFilesForReview(doc: Pick<SourceDocument, "units">): FileRank[] {
  const ranks = doc.units.filter((unit) => unit.kind === "file").map((unit) => rankFile(unit.label, stripLineNumbers(unit.text)));
  return ranks.sort((a, b) => b.priority - a.priority || depth(a.label) - depth(b.label) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

const depth = (path: string) => path.split("/").length;

const README = /^readme(\.[a-z]+)?$/i;
const OVERVIEW_DOC = /^(architecture|design|overview|contributing|security)(\.[a-z]+)?$/i;
const GENERATED_NAME = /(\.pb\.go|_pb2(_grpc)?\.py|\.generated\.[^.]+|\.g\.dart|\.freezed\.dart|_generated\.[^.]+|\.gen\.[^.]+)$/;
const GENERATED_DIR = /(^|\/)(generated|__generated__|gen|codegen)\//;
const GENERATED_HEADER = /@generated|code generated .*do not edit|do not edit|auto-?generated|this file (is|was) (automatically )?generated/i;
const CORE_DIR = /^((packages|apps|libs|services|crates|modules)\/[^/]+\/)?(src|lib|app|pkg|internal|cmd|core|server|api)\//;
const CI_CONFIG = /^(\.github\/workflows\/|\.gitlab-ci\.yml$|\.circleci\/|Jenkinsfile$|azure-pipelines\.yml$)/;

export function rankFile(path: string, text: string): FileRank {
  const name = baseName(path);
  const level = depth(path);
  const rank = (priority: number, reason: string): FileRank => ({ label: path, priority, reason });
  if (README.test(name)) return level === 1 ? rank(100, "project overview (README)") : rank(78, "package overview (README)");
  if (isManifest(path)) return level === 1 ? rank(95, "dependency manifest") : rank(85, "package manifest");
  const entry = entryPointsOf(path, text)[0];
  if (entry && !isTestFile(path)) return rank(90, `entry point (${entry.kind})`);
  if (GENERATED_NAME.test(name) || GENERATED_DIR.test(path) || GENERATED_HEADER.test(text.slice(0, 1_000))) return rank(5, "generated code");
  if (isFixture(path)) return rank(8, "fixture, snapshot or test data");
  if (isTestFile(path)) return rank(25, "test");
  if (OVERVIEW_DOC.test(name)) return rank(75, "design or policy document");
  if (CI_CONFIG.test(path)) return rank(50, "CI configuration");
  const language = languageOf(path);
  if (name.endsWith(".d.ts")) return rank(30, "type declarations");
  switch (language.kind) {
    case "code":
      return rank(Math.max(45, (CORE_DIR.test(path) ? 66 : 62) - level), "core source");
    case "config":
      return rank(45, "configuration");
    case "markup":
      return rank(38, "markup and styles");
    case "docs":
      return rank(35, "documentation");
    default:
      return rank(15, "data or asset");
  }
}
