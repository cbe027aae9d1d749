// `npm run build` (and `npm pack` through prepack): compiles the sources into dist/ for the installed package, from
// clean so no module removed from the sources lingers in it. A checkout never runs dist/ (bin/launch.js).
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
rmSync(join(root, "dist"), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const build = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], {
  cwd: root,
  stdio: "inherit",
});
if (build.error !== undefined) throw build.error;
process.exit(build.status ?? 1);
