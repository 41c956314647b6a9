import { baseName } from "../exclusions";

/**
 * Test files by the conventions of each ecosystem: a folder named test(s), __tests__, spec(s) or
 * e2e anywhere in the path, or a name like `*.test.ts`, `*.spec.js`, `*_test.go`, `test_*.py`,
 * `*_test.py`, `FooTest.java`, `FooTests.cs`, `*_spec.rb`.
 */
const TEST_DIR = /(^|\/)(tests?|__tests__|specs?|e2e|integration[-_]tests?|testing)\//i;
const TEST_NAME = /(\.(test|spec|e2e)\.[^.]+$)|(_test\.(go|py|rb|exs?|dart|c|cc|cpp|rs)$)|(^test_.+\.py$)|(_spec\.rb$)|([A-Za-z0-9](Test|Tests|Spec|IT)\.(java|kt|scala|cs|swift|groovy)$)/;

export function isTestFile(path: string): boolean {
  return TEST_DIR.test(path) || TEST_NAME.test(baseName(path));
}

/** Fixtures, snapshots and test data: support files, reviewed last. */
const FIXTURE = /(^|\/)(fixtures?|__fixtures__|__snapshots__|testdata|test-data|__mocks__|mocks?|stubs?|golden)\//i;

export function isFixture(path: string): boolean {
  return FIXTURE.test(path) || /\.snap$/.test(path);
}
