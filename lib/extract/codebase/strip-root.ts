/**
 * GitHub's zips and most tarballs wrap everything in one folder (`repo-main/…`, `package/…`).
 * When every path shares one top-level folder, labels drop it: `src/app.ts`, not
 * `repo-main/src/app.ts`. A lone file at the top level means there is no such folder.
 */
export function commonRoot(paths: Iterable<string>): string | null {
  let root: string | null = null;
  for (const path of paths) {
    const slash = path.indexOf("/");
    if (slash <= 0) return null;
    const first = path.slice(0, slash);
    if (root === null) root = first;
    else if (first !== root) return null;
  }
  return root;
}

export function stripRoot(path: string, root: string | null): string {
  if (root === null) return path;
  return path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
}
