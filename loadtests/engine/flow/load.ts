// Loads a scenario's flow module: its default export must be a function; `steps`, if declared, a list of names.
import { pathToFileURL } from "node:url";
import type { DefinedFlow } from "../../../config/flow.ts";
import { FlowError } from "../errors.ts";

const stepPattern = /^[A-Za-z0-9_.-]+$/;

export async function loadFlow(modulePath: string): Promise<DefinedFlow> {
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(modulePath).href)) as { default?: unknown };
  } catch (error) {
    throw new FlowError(
      modulePath,
      `could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
      error,
    );
  }
  const fn = module.default;
  if (typeof fn !== "function") throw new FlowError(modulePath, "has no default export that is a function");
  const steps = (fn as { steps?: unknown }).steps;
  if (steps !== undefined) {
    if (!Array.isArray(steps) || steps.some((s) => typeof s !== "string" || !stepPattern.test(s)))
      throw new FlowError(modulePath, "declares steps that are not a list of names (letters, digits, _ . -)");
  }
  return fn as DefinedFlow;
}
