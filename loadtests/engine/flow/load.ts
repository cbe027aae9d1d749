// Loads a scenario's flow module: its default export must be a function; `steps`, if declared, a list of names.
import type { DefinedFlow } from "../../../config/flow.ts";
import { FlowError } from "../errors.ts";
import { defaultFunction } from "../user-module.ts";

const stepPattern = /^[A-Za-z0-9_.-]+$/;

export async function loadFlow(modulePath: string): Promise<DefinedFlow> {
  const fn = await defaultFunction(modulePath, (reason, cause) => new FlowError(modulePath, reason, cause));
  const steps = (fn as { steps?: unknown }).steps;
  if (steps !== undefined) {
    if (!Array.isArray(steps) || steps.some((s) => typeof s !== "string" || !stepPattern.test(s)))
      throw new FlowError(modulePath, "declares steps that are not a list of names (letters, digits, _ . -)");
  }
  return fn as DefinedFlow;
}
