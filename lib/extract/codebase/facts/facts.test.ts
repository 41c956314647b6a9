import { describe, expect, it } from "vitest";
import { findEntryPoints } from "./entry-points";
import { measureFacts } from "./index";
import { languageOf } from "./languages";
import { countMarkers } from "./markers";
import { isFixture, isTestFile } from "./test-files";

describe("isTestFile", () => {
  it.each(["src/a.test.ts", "src/a.spec.jsx", "pkg/server_test.go", "tests/test_api.py", "app/models_test.py", "spec/user_spec.rb", "src/test/java/com/x/UserServiceTest.java", "__tests__/a.js", "e2e/login.ts", "Tests/FooTests.cs"])("%s is a test", (path) => {
    expect(isTestFile(path)).toBe(true);
  });
  it.each(["src/attest.ts", "src/contest/entry.ts", "src/testing-library.ts", "latest.py", "src/Test.java"])("%s is not", (path) => {
    expect(isTestFile(path)).toBe(false);
  });
  it("knows fixtures", () => {
    expect(isFixture("test/fixtures/a.json")).toBe(true);
    expect(isFixture("src/__snapshots__/a.test.ts.snap")).toBe(true);
    expect(isFixture("src/fixture.ts")).toBe(false);
  });
});

describe("languageOf", () => {
  it("reads extensions and well-known names", () => {
    expect(languageOf("src/a.tsx")).toEqual({ name: "TypeScript", kind: "code" });
    expect(languageOf("Dockerfile.prod")).toEqual({ name: "Dockerfile", kind: "config" });
    expect(languageOf("docs/README.md")).toEqual({ name: "Markdown", kind: "docs" });
    expect(languageOf("LICENSE")).toEqual({ name: "Other", kind: "data" });
  });
});

describe("countMarkers", () => {
  it("counts upper-case TODO, FIXME and HACK in comments, with their lines", () => {
    const markers = countMarkers([
      { path: "a.ts", text: "// TODO: one\nconst todo = 1; // not a marker: lower case\n/* FIXME and TODO on one line */\nconst kinds = { TODO: 0 }; // an identifier, not a marker\n" },
      { path: "b.py", text: "x = 1  # HACK around a bug\nTODOS = []  # not a word match\n" },
      { path: "NOTES.md", text: "- TODO write the guide\n" },
    ]);
    expect(markers.counts).toEqual({ TODO: 3, FIXME: 1, HACK: 1 });
    expect(markers.locations).toEqual([
      { path: "a.ts", line: 1, kind: "TODO", text: "// TODO: one" },
      { path: "a.ts", line: 3, kind: "FIXME", text: "/* FIXME and TODO on one line */" },
      { path: "b.py", line: 1, kind: "HACK", text: "x = 1  # HACK around a bug" },
      { path: "NOTES.md", line: 1, kind: "TODO", text: "- TODO write the guide" },
    ]);
  });
});

describe("findEntryPoints", () => {
  it("finds where execution starts, across ecosystems", () => {
    const entries = findEntryPoints([
      { path: "package.json", text: JSON.stringify({ main: "lib/index.js", bin: { tool: "bin/tool.js" }, scripts: { start: "node server.js", test: "vitest" } }) },
      { path: "Dockerfile", text: 'FROM node:20\nCMD ["node", "old.js"]\nENTRYPOINT ["tini", "--"]\nCMD ["node", \\\n  "server.js"]\n' },
      { path: "app/page.tsx", text: "export default function Page() {}" },
      { path: "app/dashboard/page.tsx", text: "export default function Page() {}" },
      { path: "cmd/worker/main.go", text: "package main\nfunc main() {}" },
      { path: "internal/main.go", text: "package internal" },
      { path: "tool/__main__.py", text: "" },
      { path: "scripts/seed.py", text: 'def go(): pass\n\nif __name__ == "__main__":\n    go()\n' },
      { path: "src/main.rs", text: "fn main() {}" },
      { path: "src/com/x/App.java", text: "class App { public static void main(String[] args) {} }" },
      { path: "src/components/ui/index.ts", text: "export {}" },
      { path: "Procfile", text: "web: gunicorn app:app\n" },
    ]);
    expect(entries.map((entry) => [entry.path, entry.kind, entry.detail])).toEqual([
      ["package.json", "package.json main", "lib/index.js"],
      ["package.json", "package.json bin (tool)", "bin/tool.js"],
      ["package.json", "npm run start", "node server.js"],
      ["Dockerfile", "Dockerfile ENTRYPOINT", '["tini", "--"]'],
      ["Dockerfile", "Dockerfile CMD", '["node",    "server.js"]'],
      ["app/page.tsx", "Next.js app router (root page)", undefined],
      ["cmd/worker/main.go", "Go main package", undefined],
      ["tool/__main__.py", "Python package entry (__main__.py)", undefined],
      ["scripts/seed.py", 'Python script (__name__ == "__main__")', undefined],
      ["src/main.rs", "Rust binary (src/main.rs)", undefined],
      ["src/com/x/App.java", "Java main method", undefined],
      ["Procfile", "Procfile web", "gunicorn app:app"],
    ]);
  });
});

describe("measureFacts", () => {
  it("sums files, languages and the tests-to-source ratio; fixtures count as neither", () => {
    const file = (path: string, lines: number, tokens: number) => ({ path, text: "x\n".repeat(lines), lines, bytes: lines * 2, numbered: "", tokens });
    const facts = measureFacts([file("src/a.ts", 100, 900), file("src/a.test.ts", 40, 300), file("test/fixtures/data.ts", 500, 4_000), file("README.md", 10, 50)], 3);
    expect(facts.files).toEqual({ included: 4, skipped: 3, lines: 650, tokens: 5_250, bytes: 1_300 });
    expect(facts.tests).toEqual({ testFiles: 1, testLines: 40, sourceFiles: 1, sourceLines: 100 });
    expect(facts.languages.map((language) => [language.language, language.files, language.lines])).toEqual([
      ["TypeScript", 3, 640],
      ["Markdown", 1, 10],
    ]);
    expect(facts.largestFiles[0]).toEqual({ path: "test/fixtures/data.ts", tokens: 4_000, lines: 500 });
  });
});
