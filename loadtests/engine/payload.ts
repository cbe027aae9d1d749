// A scenario's payload function: loaded from its module in every shard, it builds each message body (and its own HTTP
// headers, if it returns `{ body, headers }`); id and sentAt always win.

import type { PayloadFunction } from "../../config/payload.ts";
import { scenarioPrefix } from "../../contracts/message-id.ts";
import type { RenderBody, RenderOut } from "./body-template.ts";
import { PayloadError } from "./errors.ts";
import { headerLines, reservedHeaderNames } from "./message-headers.ts";
import { defaultFunction } from "./user-module.ts";

export async function loadPayload(modulePath: string): Promise<PayloadFunction> {
  const fn = await defaultFunction(modulePath, (reason, cause) => new PayloadError(modulePath, reason, cause));
  return fn as PayloadFunction;
}

/**
 * The body of message `<runId>-<scenario>-<n>`: the function's object, then id and sentAt on top, so a payload can never
 * make a message the verifier cannot find. Headers it returns land in `out.headers` as checked lines; a bad one throws
 * (the shard refuses that message, nothing is sent). `reserved`: header names a payload may not set.
 */
export function payloadRenderer(
  fn: PayloadFunction,
  runId: string,
  scenario: string,
  reserved: ReadonlySet<string> = reservedHeaderNames(),
): RenderBody {
  const prefixLength = scenarioPrefix(runId, scenario).length;
  return (id: string, sentAt: number, out?: RenderOut) => {
    const returned = fn({ id, sentAt, n: Number(id.slice(prefixLength)), scenario, runId });
    const withHeaders = hasHeaders(returned);
    const fields = withHeaders ? returned.body : returned;
    if (fields === null || typeof fields !== "object" || Array.isArray(fields)) {
      throw new PayloadError(
        scenario,
        `the payload function returned ${Array.isArray(fields) ? "an array" : String(fields)}, not an object`,
      );
    }
    if (out !== undefined) out.headers = withHeaders ? headerLines(returned.headers, reserved) : "";
    return JSON.stringify({ ...fields, id, sentAt });
  };
}

/** `{ body, headers }` and nothing else, body an object: the form with per-message headers (config/payload.ts). */
function hasHeaders(value: unknown): value is { body: Record<string, unknown>; headers: unknown } {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  if (keys.length !== 2 || !("body" in value) || !("headers" in value)) return false;
  const body = (value as { body: unknown }).body;
  return body !== null && typeof body === "object" && !Array.isArray(body);
}

/** The renderer a shard uses: the scenario's payload function when it has one, else undefined (the body template). */
export async function shardRenderer(config: {
  runId: string;
  scenarioName: string;
  scenario: { payload?: string | undefined };
  target: { http?: { headers: Record<string, string> } | undefined };
}): Promise<RenderBody | undefined> {
  if (config.scenario.payload === undefined) return undefined;
  const reserved = reservedHeaderNames(config.target.http?.headers);
  return payloadRenderer(await loadPayload(config.scenario.payload), config.runId, config.scenarioName, reserved);
}
