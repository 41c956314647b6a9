import type { Dependency, DependencyScope, Manifest } from "./types";

/** pom.xml (Maven) and build.gradle / build.gradle.kts (Gradle), read with patterns, not a full XML or Groovy parser. */

function tag(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1]?.trim();
}

/** Where each `<name>…</name>` block is, found with indexOf: a lazy regex would be quadratic on unclosed tags. */
function blockRanges(xml: string, name: string): Array<[number, number]> {
  const open = `<${name}>`;
  const close = `</${name}>`;
  const ranges: Array<[number, number]> = [];
  let from = 0;
  for (;;) {
    const start = xml.indexOf(open, from);
    if (start < 0) return ranges;
    const end = xml.indexOf(close, start + open.length);
    if (end < 0) return ranges;
    from = end + close.length;
    ranges.push([start, from]);
  }
}

function blocks(xml: string, name: string): string[] {
  return blockRanges(xml, name).map(([start, end]) => xml.slice(start, end));
}

function withoutBlocks(xml: string, names: string[]): string {
  let out = xml;
  for (const name of names) {
    let kept = "";
    let from = 0;
    for (const [start, end] of blockRanges(out, name)) {
      kept += out.slice(from, start);
      from = end;
    }
    out = kept + out.slice(from);
  }
  return out;
}

function withoutComments(xml: string): string {
  let out = "";
  let from = 0;
  for (;;) {
    const start = xml.indexOf("<!--", from);
    if (start < 0) return out + xml.slice(from);
    out += xml.slice(from, start);
    const end = xml.indexOf("-->", start + 4);
    if (end < 0) return out;
    from = end + 3;
  }
}

function mavenScope(scope: string | undefined, optional: boolean): DependencyScope {
  if (optional) return "optional";
  if (scope === "test") return "dev";
  if (scope === "provided" || scope === "system") return "build";
  return "runtime";
}

export function parsePomXml(path: string, text: string): Manifest {
  const xml = withoutComments(text);
  const dependencies: Dependency[] = [];
  for (const block of blocks(xml, "dependency")) {
    const group = tag(block, "groupId");
    const artifact = tag(block, "artifactId");
    if (!artifact) continue;
    dependencies.push({
      name: group ? `${group}:${artifact}` : artifact,
      version: tag(block, "version") ?? "",
      scope: mavenScope(tag(block, "scope"), tag(block, "optional") === "true"),
    });
  }
  // The project's own coordinates: outside <parent>, <dependencies>, <build> and friends.
  const own = withoutBlocks(xml, ["parent", "dependencyManagement", "dependencies", "build", "plugins", "profiles", "reporting"]);
  const artifact = tag(own, "artifactId");
  const version = tag(own, "version");
  return { path, ecosystem: "maven", ...(artifact ? { name: artifact } : {}), ...(version ? { version } : {}), dependencies };
}

function gradleScope(configuration: string): DependencyScope | null {
  if (/^(test|androidTest|integrationTest)/.test(configuration)) return "dev";
  if (/^(implementation|api|compile|runtimeOnly|runtime)$/.test(configuration)) return "runtime";
  if (/^(compileOnly|annotationProcessor|kapt|ksp|classpath|developmentOnly)$/.test(configuration)) return "build";
  return null;
}

export function parseBuildGradle(path: string, text: string): Manifest {
  const dependencies: Dependency[] = [];
  // implementation 'g:a:v' · implementation("g:a:v") · testImplementation(libs.junit) · api(project(":core"))
  const pattern = /^[ \t]*([A-Za-z]+)[ \t]*\(?[ \t]*(?:"([^"]+)"|'([^']+)'|(libs\.[A-Za-z0-9_.-]+)|project\(\s*["']([^"']+)["']\s*\))/gm;
  for (const match of text.matchAll(pattern)) {
    const scope = gradleScope(match[1] ?? "");
    if (!scope) continue;
    const coordinates = match[2] ?? match[3];
    if (coordinates) {
      const [group, artifact, version] = coordinates.split(":");
      dependencies.push({ name: artifact ? `${group}:${artifact}` : coordinates, version: version ?? "", scope });
    } else if (match[4]) dependencies.push({ name: match[4], version: "(version catalog)", scope });
    else if (match[5]) dependencies.push({ name: `project ${match[5]}`, version: "", scope });
  }
  return { path, ecosystem: "gradle", dependencies };
}
