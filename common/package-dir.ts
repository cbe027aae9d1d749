// Where an installed npm package lives, as this project resolves it (works for packages that hide package.json behind "exports").
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { projectRoot } from "./project-root.ts";

export function findPackageDir(name: string, root: string = projectRoot): string | undefined {
  const require = createRequire(join(root, "package.json"));
  for (const dir of require.resolve.paths(name) ?? []) {
    const candidate = join(dir, name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
  }
  return undefined;
}
