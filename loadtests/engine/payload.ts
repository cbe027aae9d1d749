// A scenario's payload function: loaded from its module in every shard, it builds each message body; id and sentAt always win.

import { pathToFileURL } from "node:url";
import type { PayloadFunction } from "../../config/payload.ts";
import { scenarioPrefix } from "../../contracts/message-id.ts";
import type { RenderBody } from "./body-template.ts";
import { PayloadError } from "./errors.ts";

export async function loadPayload(modulePath: string): Promise<PayloadFunction> {
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(modulePath).href)) as { default?: unknown };
  } catch (error) {
    throw new PayloadError(
      modulePath,
      `could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
      error,
    );
  }
  if (typeof module.default !== "function")
    throw new PayloadError(modulePath, "has no default export that is a function");
  return module.default as PayloadFunction;
}

/**
 * The body of message `<runId>-<scenario>-<n>`: the function's object, then id and sentAt on top, so a payload can never
 * make a message the verifier cannot find.
 */
export function payloadRenderer(fn: PayloadFunction, runId: string, scenario: string): RenderBody {
  const prefixLength = scenarioPrefix(runId, scenario).length;
  return (id, sentAt) => {
    const fields = fn({ id, sentAt, n: Number(id.slice(prefixLength)), scenario, runId });
    if (fields === null || typeof fields !== "object" || Array.isArray(fields)) {
      throw new PayloadError(
        scenario,
        `the payload function returned ${Array.isArray(fields) ? "an array" : String(fields)}, not an object`,
      );
    }
    return JSON.stringify({ ...fields, id, sentAt });
  };
}

/** The renderer a shard uses: the scenario's payload function when it has one, else undefined (the body template). */
export async function shardRenderer(config: {
  runId: string;
  scenarioName: string;
  scenario: { payload?: string | undefined };
}): Promise<RenderBody | undefined> {
  if (config.scenario.payload === undefined) return undefined;
  return payloadRenderer(await loadPayload(config.scenario.payload), config.runId, config.scenarioName);
}
