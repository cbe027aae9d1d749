// Rules over a local target's own handlers: a consumer needs the sink it writes named, and a timeout the queue allows.
import { dirname, isAbsolute, resolve } from "node:path";
import type { ConfigProblem } from "./errors.ts";
import type { HarnessConfig } from "./schema.ts";
import { parseHandlerRef } from "./schema-functions.ts";

const record = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};

export function functionRules(input: unknown): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [name, raw] of Object.entries(record(record(input).targets))) {
    const target = record(raw);
    problems.push(...asyncFunctionRules(name, target));
    const consumer = record(record(target.functions).consumer);
    if (target.kind !== "local" || Object.keys(consumer).length === 0) continue;
    if (target.sinks === undefined)
      problems.push({
        path: `targets.${name}.sinks`,
        message:
          'name the table your consumer writes, e.g. [{ name: "orders", table: "my-orders", idAttribute: "orderId" }], so the verifier reads it',
      });
    // AWS refuses an event source mapping whose queue's visibility timeout is below the function's timeout.
    const visibility = record(target.consumers).visibilityTimeoutSeconds ?? 30;
    const timeout = consumer.timeoutSeconds ?? 3;
    if (typeof visibility === "number" && typeof timeout === "number" && timeout > visibility)
      problems.push({
        path: `targets.${name}.functions.consumer.timeoutSeconds`,
        message: `must not exceed consumers.visibilityTimeoutSeconds (${visibility}), as AWS requires of an SQS event source`,
      });
  }
  return problems;
}

/** Handler paths made absolute against the config file's folder (the working directory without a file). */
export function resolveHandlerPaths(config: HarnessConfig, file: string | undefined): HarnessConfig {
  const base = file === undefined ? process.cwd() : dirname(file);
  for (const target of Object.values(config.targets)) {
    if (target.kind !== "local") continue;
    const definition = target.saga?.definition;
    if (target.saga !== undefined && definition !== undefined && !isAbsolute(definition))
      target.saga.definition = resolve(base, definition);
    for (const fn of [target.functions?.consumer, target.functions?.async, target.functions?.streamConsumer]) {
      if (fn === undefined) continue;
      const { path, exportName } = parseHandlerRef(fn.handler);
      fn.handler = `${isAbsolute(path) ? path : resolve(base, path)}#${exportName}`;
    }
  }
  return config;
}

/** The team's async function runs behind the Invoke API only when `asyncFunction` turns that on, and writes its own sink. */
function asyncFunctionRules(name: string, target: Record<string, unknown>): ConfigProblem[] {
  const fn = record(record(target.functions).async);
  if (target.kind !== "local" || Object.keys(fn).length === 0) return [];
  const problems: ConfigProblem[] = [];
  if (target.asyncFunction === undefined)
    problems.push({
      path: `targets.${name}.asyncFunction`,
      message:
        "turn on the Invoke API for functions.async: asyncFunction: {} (AWS's defaults), or remove functions.async",
    });
  if (target.sinks === undefined)
    problems.push({
      path: `targets.${name}.sinks`,
      message:
        'name the table your async function writes, e.g. [{ name: "orders", table: "my-orders", idAttribute: "orderId" }], so the verifier reads it',
    });
  return problems;
}
