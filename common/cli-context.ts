// What every command receives: working directory, environment and output, so commands run the same in tests.
import type { Output } from "./output.ts";

export interface CliContext {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  output: Output;
}

/** An environment variable's value; set to the empty string counts as not set (`HARNESS_MOTO= harness ...`). */
export function envValue(env: Readonly<Record<string, string | undefined>>, variable: string): string | undefined {
  const value = env[variable];
  return value === undefined || value === "" ? undefined : value;
}

/** Flag, then environment variable, then undefined (config and defaults come after, in the modules). */
export function flagOrEnv(flag: string | undefined, ctx: CliContext, variable: string): string | undefined {
  return flag ?? envValue(ctx.env, variable);
}
