// What every command receives: working directory, environment and output, so commands run the same in tests.
import type { Output } from "./output.ts";

export interface CliContext {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  output: Output;
}

/** Flag, then environment variable, then undefined (config and defaults come after, in the modules). */
export function flagOrEnv(flag: string | undefined, ctx: CliContext, variable: string): string | undefined {
  if (flag !== undefined) return flag;
  const fromEnv = ctx.env[variable];
  return fromEnv === undefined || fromEnv === "" ? undefined : fromEnv;
}
