// The folder of this tool's package.json, for finding its own dependencies and version: the nearest folder above this
// file that has one (the checkout's root for the sources; the installed package's root for the compiled dist/).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const projectRoot: string = packageRoot(dirname(fileURLToPath(import.meta.url)));
