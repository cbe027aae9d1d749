// Where run directories go: the --runs-dir flag (or its env), else the config's runsDir, from the working directory.
import { resolve } from "node:path";
import type { HarnessConfig } from "../../config/schema.ts";

export function resolveRunsDir(cwd: string, flag: string | undefined, config: HarnessConfig): string {
  return resolve(cwd, flag ?? config.runsDir);
}
