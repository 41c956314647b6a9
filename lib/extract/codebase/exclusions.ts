import { formatBytes } from "./format-numbers";

/**
 * What a developer never wants reviewed, whatever the .gitignore says: dependency and build
 * output folders, lockfiles, binaries, secrets. Each rule returns the reason shown to the user.
 */

const DEPENDENCY_DIRS = new Set(["node_modules", "bower_components", "jspm_packages", "vendor", "Pods", ".venv", "venv", "site-packages", ".bundle", "elm-stuff", ".dart_tool", ".pnpm-store", ".yarn"]);
const BUILD_DIRS = new Set(["dist", "build", "out", "target", ".next", ".nuxt", ".output", ".svelte-kit", ".vercel", ".turbo", ".parcel-cache", ".cache", ".gradle", "DerivedData", "storybook-static", ".serverless", ".terraform", ".angular", ".expo", ".docusaurus"]);
const CACHE_DIRS = new Set(["coverage", ".nyc_output", "htmlcov", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".tox", ".eggs", ".ipynb_checkpoints", ".idea", ".hg", ".svn"]);

/** Why a folder (one path segment) is never descended into, or null. */
export function excludedDirReason(name: string): string | null {
  if (name === ".git") return "git metadata (.git): not source";
  if (DEPENDENCY_DIRS.has(name)) return `dependency folder (${name}): third-party code, not reviewed`;
  if (BUILD_DIRS.has(name)) return `build output folder (${name}): generated, not reviewed`;
  if (CACHE_DIRS.has(name)) return `cache or tool folder (${name}): not source`;
  if (name.endsWith(".egg-info")) return `Python packaging metadata (${name}): generated`;
  return null;
}

const LOCKFILES = new Set([
  "package-lock.json",
  "npm-shrinkwrap.json",
  "yarn.lock",
  "pnpm-lock.yaml",
  "bun.lock",
  "bun.lockb",
  "deno.lock",
  "Cargo.lock",
  "poetry.lock",
  "Pipfile.lock",
  "pdm.lock",
  "uv.lock",
  "go.sum",
  "composer.lock",
  "Gemfile.lock",
  "Podfile.lock",
  "mix.lock",
  "pubspec.lock",
  "flake.lock",
  "gradle.lockfile",
  "packages.lock.json",
  "Package.resolved",
  "conan.lock",
]);

/** Environment files hold secrets; their `.example` / `.sample` / `.template` twins are kept. */
const ENV_FILE = /^\.env(\..+)?$/;
const ENV_TEMPLATE = /\.(example|sample|template|dist|defaults)$/;
const SECRET_FILES = new Set(["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", ".npmrc", ".pypirc", ".netrc", ".htpasswd"]);
const SECRET_EXTENSIONS = new Set(["pem", "key", "p12", "pfx", "jks", "keystore"]);

const BINARY_EXTENSIONS = new Set(
  (
    "png jpg jpeg gif bmp ico icns webp avif tif tiff psd ai heic " +
    "mp3 mp4 m4a m4v mov avi mkv webm wav flac ogg oga opus " +
    "woff woff2 ttf otf eot " +
    "zip gz tgz tar bz2 xz 7z rar zst lz4 jar war ear apk aab ipa dmg iso deb rpm whl gem nupkg " +
    "exe dll so dylib a lib o obj class pyc pyo pyd wasm bin dat node " +
    "pdf doc docx xls xlsx ppt pptx odt ods odp " +
    "sqlite sqlite3 db mdb parquet avro orc feather npy npz pkl pickle h5 hdf5 onnx pt pth safetensors ckpt tflite " +
    "lockb blend fbx glb 3ds unitypackage swf"
  ).split(" "),
);

export function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** Why a file is skipped from its name alone (before reading it), or null. */
export function excludedFileReason(path: string): string | null {
  const name = baseName(path);
  if (LOCKFILES.has(name)) return "lockfile: generated dependency pins, not reviewed (the manifest is)";
  if (ENV_FILE.test(name) && !ENV_TEMPLATE.test(name)) return "environment file (may hold secrets): never sent to the model";
  if (SECRET_FILES.has(name) || SECRET_EXTENSIONS.has(extensionOf(name))) return "key or credentials file: never sent to the model";
  if (/\.min\.(js|mjs|cjs|css)$/i.test(name)) return "minified bundle: generated, not reviewable";
  const extension = extensionOf(name);
  if (extension === "map") return "source map: generated";
  if (BINARY_EXTENSIONS.has(extension)) return `binary file (.${extension})`;
  return null;
}

export function oversizeReason(size: number, limit: number): string {
  return `${formatBytes(size)}, over the ${formatBytes(limit)} per-file limit: likely data or generated; raise the limit to include it`;
}
