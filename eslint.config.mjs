import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...next,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // dev/ holds test, bench and build helpers (reference tokenizer, corpora, archive builders):
    // production code must not load them, nor their dev dependencies.
    files: ["app/**", "components/**", "lib/**", "cli/**", "db/**", "e2e/emulator/**", "scripts/start.ts", "instrumentation.ts"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ regex: "(^|/)dev/", message: "dev/ is for tests, bench and scripts only" }] }],
    },
  },
  {
    ignores: [".next/**", "dist/**", "node_modules/**", "test-results/**", "playwright-report/**", "db/migrations/**", "next-env.d.ts", "bench/results/**", "public/**"],
  },
];

export default config;
