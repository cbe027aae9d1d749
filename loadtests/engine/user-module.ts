// A module of the team's (payload, flow, token) imported by path: its default export, which must be a function.
import { pathToFileURL } from "node:url";

/** Why a module cannot serve, as each caller's own error (each names its kind of module and exit code). */
export type ModuleProblem = (reason: string, cause?: unknown) => Error;

export async function defaultFunction(modulePath: string, problem: ModuleProblem): Promise<unknown> {
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(modulePath).href)) as { default?: unknown };
  } catch (error) {
    throw problem(`could not be loaded: ${error instanceof Error ? error.message : String(error)}`, error);
  }
  if (typeof module.default !== "function") throw problem("has no default export that is a function");
  return module.default;
}
