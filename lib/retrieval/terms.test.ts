import { describe, expect, it } from "vitest";
import { matchExpression } from "./fts-query";
import { indexTerms, queryTerms } from "./terms";

describe("terms", () => {
  it("cuts Chinese and Japanese runs into words, the same way in text and question", () => {
    expect(indexTerms("系统的重试预算为17次尝试。")).toContain("预算");
    const fromText = new Set(indexTerms("系统的重试预算为17次尝试。").split(/\s+/));
    for (const term of queryTerms("重试预算是多少次？")) if (term !== "是" && term !== "多少") expect(fromText.has(term)).toBe(true);
    expect(queryTerms("日本語のテキスト")).toEqual(["日本語", "の", "テキスト"]);
  });

  it("leaves spaced scripts to the FTS tokenizer, adds camelCase parts, drops code line numbers", () => {
    expect(indexTerms("The retry budget is 17 attempts.")).toBe("The retry budget is 17 attempts.");
    expect(indexTerms("const token = getUserToken(request);")).toContain("getUserToken get User Token");
    expect(indexTerms("1\timport fs\n40\texport function login() {}", { numberedLines: true })).toBe("import fs\nexport function login() {}");
    expect(queryTerms("Where is getUserToken called in src/auth.ts?")).toEqual(["where", "is", "getusertoken", "get", "user", "token", "called", "in", "src", "auth", "ts"]);
  });

  it("quotes every term so nothing typed is read as FTS5 syntax", () => {
    expect(matchExpression('budget NEAR "retry" OR x*')).toBe('"budget" OR "near" OR "retry" OR "or" OR "x"');
    expect(matchExpression("?!… —")).toBeNull();
  });
});
