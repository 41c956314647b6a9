import type { Dependency, DependencyScope, Manifest } from "./types";

/** pom.xml (Maven) and build.gradle / build.gradle.kts (Gradle), read with patterns, not a full XML or Groovy parser. */

function tag(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>\\s*([^<]*?)\\s*</${name}>`).exec(xml)?.[1];
}

function mavenScope(scope: string | undefined, optional: boolean): DependencyScope {
  if (optional) return "optional";
  if (scope === "test") return "dev";
  if (scope === "provided" || scope === "system") return "build";
  return "runtime";
}

export function parsePomXml(path: string, text: string): Manifest {
  const xml = text.replace(/<!--[\s\S]*?-->/g, "");
  const dependencies: Dependency[] = [];
  for (const block of xml.match(/<dependency>[\s\S]*?<\/dependency>/g) ?? []) {
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
  const own = xml.replace(/<(parent|dependencies|dependencyManagement|build|plugins|profiles|reporting)>[\s\S]*?<\/\1>/g, "");
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
  const pattern = /^\s*([A-Za-z]+)\s*\(?\s*(?:"([^"]+)"|'([^']+)'|(libs\.[A-Za-z0-9_.-]+)|project\(\s*["']([^"']+)["']\s*\))/gm;
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
