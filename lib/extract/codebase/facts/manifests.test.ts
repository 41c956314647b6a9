import { describe, expect, it } from "vitest";
import { readManifests } from "./manifests";

const read = (path: string, text: string) => {
  const [manifest] = readManifests([{ path, text }]);
  if (!manifest) throw new Error(`${path} was not recognised as a manifest`);
  return manifest;
};

describe("readManifests", () => {
  it("package.json: runtime, dev, peer and optional dependencies", () => {
    const manifest = read("package.json", JSON.stringify({ name: "web", version: "1.2.0", dependencies: { next: "16.0.0" }, devDependencies: { vitest: "^4" }, peerDependencies: { react: ">=19" }, optionalDependencies: { fsevents: "*" } }));
    expect(manifest).toEqual({
      path: "package.json",
      ecosystem: "npm",
      name: "web",
      version: "1.2.0",
      dependencies: [
        { name: "next", version: "16.0.0", scope: "runtime" },
        { name: "vitest", version: "^4", scope: "dev" },
        { name: "react", version: ">=19", scope: "peer" },
        { name: "fsevents", version: "*", scope: "optional" },
      ],
    });
  });

  it("a broken package.json says so instead of claiming no dependencies", () => {
    expect(read("package.json", "{ nope").error).toMatch(/^invalid JSON/);
  });

  it("pyproject.toml: PEP 621, optional groups, PEP 735 groups, Poetry and build requirements", () => {
    const manifest = read(
      "pyproject.toml",
      [
        "[build-system]",
        'requires = ["hatchling>=1.20"]',
        "[project]",
        'name = "svc"',
        'version = "0.3.0"',
        "dependencies = [",
        '  "requests[socks]>=2.31,<3",  # http',
        "  \"uvicorn ; python_version >= '3.9'\",",
        "]",
        "[project.optional-dependencies]",
        'test = ["pytest>=8"]',
        'redis = ["redis"]',
        "[dependency-groups]",
        'lint = ["ruff==0.6.0"]',
        "[tool.poetry.dependencies]",
        'python = "^3.11"',
        'fastapi = { version = "^0.110", extras = ["all"] }',
        "[tool.poetry.group.dev.dependencies]",
        'mypy = "^1.10"',
      ].join("\n"),
    );
    expect(manifest.name).toBe("svc");
    expect(manifest.dependencies).toEqual([
      { name: "requests", version: ">=2.31,<3", scope: "runtime" },
      { name: "uvicorn", version: "", scope: "runtime" },
      { name: "pytest", version: ">=8", scope: "dev" },
      { name: "redis", version: "", scope: "optional" },
      { name: "ruff", version: "==0.6.0", scope: "dev" },
      { name: "fastapi", version: "^0.110", scope: "runtime" },
      { name: "mypy", version: "^1.10", scope: "dev" },
      { name: "hatchling", version: ">=1.20", scope: "build" },
    ]);
  });

  it("requirements files: options and comments ignored, dev by file name", () => {
    expect(read("requirements.txt", "# pinned\nDjango==5.0.1\n-r base.txt\n--index-url https://x\npsycopg[binary]>=3 ; sys_platform != 'win32'\n").dependencies).toEqual([
      { name: "Django", version: "==5.0.1", scope: "runtime" },
      { name: "psycopg", version: ">=3", scope: "runtime" },
    ]);
    expect(read("requirements-dev.txt", "pytest\n").dependencies).toEqual([{ name: "pytest", version: "", scope: "dev" }]);
  });

  it("go.mod: module, Go version, direct and indirect requirements", () => {
    const manifest = read("go.mod", "module example.com/api\n\ngo 1.22\n\nrequire (\n\tgithub.com/go-chi/chi/v5 v5.0.12\n\tgolang.org/x/sys v0.20.0 // indirect\n)\n\nrequire github.com/google/uuid v1.6.0\n");
    expect(manifest).toMatchObject({ name: "example.com/api", version: "go 1.22" });
    expect(manifest.dependencies).toEqual([
      { name: "github.com/go-chi/chi/v5", version: "v5.0.12", scope: "runtime" },
      { name: "golang.org/x/sys", version: "v0.20.0", scope: "indirect" },
      { name: "github.com/google/uuid", version: "v1.6.0", scope: "runtime" },
    ]);
  });

  it("Cargo.toml: tables, inline tables, optional, workspace and target dependencies", () => {
    const manifest = read(
      "Cargo.toml",
      '[package]\nname = "cli"\nversion = "0.1.0"\n\n[dependencies]\nserde = { version = "1.0", features = ["derive"] }\ntokio = "1"\nlocal = { path = "../local" }\nextra = { version = "2", optional = true }\nanyhow.workspace = true\n\n[dev-dependencies]\ninsta = "1.39"\n\n[build-dependencies]\ncc = "1"\n\n[target.\'cfg(windows)\'.dependencies]\nwinapi = "0.3"\n',
    );
    expect(manifest).toMatchObject({ name: "cli", version: "0.1.0" });
    expect(manifest.dependencies).toEqual([
      { name: "serde", version: "1.0", scope: "runtime" },
      { name: "tokio", version: "1", scope: "runtime" },
      { name: "local", version: "../local", scope: "runtime" },
      { name: "extra", version: "2", scope: "optional" },
      { name: "anyhow", version: "workspace", scope: "runtime" },
      { name: "insta", version: "1.39", scope: "dev" },
      { name: "cc", version: "1", scope: "build" },
      { name: "winapi", version: "0.3", scope: "runtime" },
    ]);
  });

  it("Cargo.toml: [[bin]] array tables and multi-line strings whose lines look like TOML", () => {
    const cargo = [
      "[package]",
      'name = "mycrate"',
      'description = """',
      "Add it to your Cargo.toml:",
      "",
      "[dependencies]",
      'mycrate = "1"',
      '"""',
      'version = "0.2.0"',
      "readme = '''",
      "[dev-dependencies]",
      "'''",
      "",
      "[[bin]]",
      'name = "first"',
      'path = "src/bin/first.rs"',
      "",
      "[[bin]]",
      'name = "second"',
      'required-features = ["cli"]',
      "",
      "[dependencies]",
      'clap = { version = "4", optional = true }',
      "",
      "[[example]]",
      'name = "demo"',
    ].join("\n");
    expect(read("Cargo.toml", cargo)).toEqual({ path: "Cargo.toml", ecosystem: "cargo", name: "mycrate", version: "0.2.0", dependencies: [{ name: "clap", version: "4", scope: "optional" }] });
  });

  it("pyproject.toml: a multi-line description does not open tables or add dependencies", () => {
    const pyproject = ["[project]", 'name = "svc"', 'dependencies = ["requests>=2"]', 'description = """', "Install the extras:", "[project.optional-dependencies]", 'dependencies = ["not-a-dependency"]', '"""', 'version = "1.0.0"'].join("\n");
    expect(read("pyproject.toml", pyproject)).toEqual({ path: "pyproject.toml", ecosystem: "python", name: "svc", version: "1.0.0", dependencies: [{ name: "requests", version: ">=2", scope: "runtime" }] });
  });

  it("malformed TOML is a manifest with an error and no dependencies, never a throw", () => {
    for (const [path, text] of [
      ["Cargo.toml", '[dependencies]\nserde = "1"\nserde = "2"\n'],
      ["pyproject.toml", '[project]\nname = "svc\n'],
      ["Pipfile", "[packages]\nrequests = \n"],
    ] as const) {
      const manifest = read(path, text);
      expect(manifest.dependencies).toEqual([]);
      expect(manifest.error).toMatch(/^invalid TOML: .+ \(line \d+\)$/);
    }
  });

  it("pom.xml: coordinates outside <parent>, scopes", () => {
    const pom = `<project><parent><artifactId>spring-boot-starter-parent</artifactId><version>3.2.0</version></parent>
      <artifactId>orders</artifactId><version>1.4.0</version>
      <dependencies>
        <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency>
        <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>5.10.0</version><scope>test</scope></dependency>
        <!-- <dependency><artifactId>commented-out</artifactId></dependency> -->
      </dependencies></project>`;
    const manifest = read("pom.xml", pom);
    expect(manifest).toMatchObject({ name: "orders", version: "1.4.0" });
    expect(manifest.dependencies).toEqual([
      { name: "org.springframework.boot:spring-boot-starter-web", version: "", scope: "runtime" },
      { name: "org.junit.jupiter:junit-jupiter", version: "5.10.0", scope: "dev" },
    ]);
  });

  it("build.gradle(.kts): configurations, string coordinates, catalogs and projects", () => {
    const gradle = 'dependencies {\n  implementation("com.squareup.okhttp3:okhttp:4.12.0")\n  testImplementation \'junit:junit:4.13.2\'\n  compileOnly(libs.lombok)\n  api(project(":core"))\n}\n';
    expect(read("app/build.gradle.kts", gradle).dependencies).toEqual([
      { name: "com.squareup.okhttp3:okhttp", version: "4.12.0", scope: "runtime" },
      { name: "junit:junit", version: "4.13.2", scope: "dev" },
      { name: "libs.lombok", version: "(version catalog)", scope: "build" },
      { name: "project :core", version: "", scope: "runtime" },
    ]);
  });

  it("Gemfile: groups make dependencies dev", () => {
    const gemfile = 'source "https://rubygems.org"\ngem "rails", "~> 7.1"\ngem "pg", ">= 1.1", "< 2.0"\ngroup :development, :test do\n  gem "rspec-rails"\nend\ngem "debug", group: :development\n';
    expect(read("Gemfile", gemfile).dependencies).toEqual([
      { name: "rails", version: "~> 7.1", scope: "runtime" },
      { name: "pg", version: ">= 1.1, < 2.0", scope: "runtime" },
      { name: "rspec-rails", version: "", scope: "dev" },
      { name: "debug", version: "", scope: "dev" },
    ]);
  });

  it("composer.json: require and require-dev, platform requirements left out", () => {
    const composer = JSON.stringify({ name: "acme/shop", require: { php: ">=8.2", "ext-json": "*", "laravel/framework": "^11.0" }, "require-dev": { "phpunit/phpunit": "^11" } });
    expect(read("composer.json", composer).dependencies).toEqual([
      { name: "laravel/framework", version: "^11.0", scope: "runtime" },
      { name: "phpunit/phpunit", version: "^11", scope: "dev" },
    ]);
  });

  it("refuses to parse a manifest of hostile size, and survives hostile nesting", () => {
    expect(read("pom.xml", "<dependency>".repeat(30_000)).error).toMatch(/^too large to parse/);
    expect(read("pyproject.toml", `[project]\ndependencies = ${"[".repeat(10_000)}`).dependencies).toEqual([]);
    expect(read("Gemfile", `group ${" ".repeat(100_000)}x`).dependencies).toEqual([]);
  });

  it("lists the root manifest before nested ones", () => {
    const manifests = readManifests([
      { path: "packages/a/package.json", text: "{}" },
      { path: "package.json", text: "{}" },
      { path: "src/app.ts", text: "" },
    ]);
    expect(manifests.map((manifest) => manifest.path)).toEqual(["package.json", "packages/a/package.json"]);
  });
});
