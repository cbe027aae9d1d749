// The team's handlers of a local target: each loaded once in a throwaway worker before anything starts, so a missing
// module, a missing export or a throw at import stops `up` (exit 4) instead of failing every invocation.
import { execFile } from "node:child_process";
import { parseHandlerRef } from "../config/schema-functions.ts";
import type { LocalTargetConfig } from "../config/schema-target.ts";
import type { AppFunction } from "./app/app-function.ts";
import { workerMain } from "./app/functions/worker-pool.ts";
import type { WorkerArgs } from "./app/functions/worker-protocol.ts";
import { HandlerLoadError } from "./errors.ts";
import { localCredentials, localRegion, resourceNames } from "./resources.ts";

/**
 * How long a worker may stay idle before it is retired when the config does not say: Lambda keeps an unused
 * environment for minutes, so a run's pauses do not cold-start workers, while a stack left up gives its memory back.
 */
export const defaultIdleTimeoutMs = 300_000;

/** The consumer of the config as the lambda process runs it; undefined for the reference consumer. */
export function consumerFunction(target: LocalTargetConfig): AppFunction | undefined {
  return appFunction(target, "consumer");
}

type FunctionPlace = keyof NonNullable<LocalTargetConfig["functions"]>;

/** The team's async function (`functions.async`) as the lambda process runs it; undefined for the reference one. */
export function asyncTeamFunction(target: LocalTargetConfig): AppFunction | undefined {
  return target.asyncFunction === undefined ? undefined : appFunction(target, "async");
}

/** A team's function of the config as the lambda process runs it; undefined where the reference one runs. */
export function appFunction(target: LocalTargetConfig, place: FunctionPlace): AppFunction | undefined {
  const fn = target.functions?.[place];
  if (fn === undefined) return undefined;
  const { path, exportName } = parseHandlerRef(fn.handler);
  return {
    file: path,
    exportName,
    environment: fn.environment,
    timeoutMs: fn.timeoutSeconds * 1000,
    memoryMB: fn.memoryMB ?? 1024,
    idleTimeoutMs: fn.idleTimeout ?? defaultIdleTimeoutMs,
    ...(fn.reservedConcurrency === undefined ? {} : { reservedConcurrency: fn.reservedConcurrency }),
  };
}

/** Loads each handler as its worker would; resolves with what was loaded, or throws HandlerLoadError. */
export async function checkFunctions(target: LocalTargetConfig): Promise<string[]> {
  const places = Object.keys(target.functions ?? {}) as FunctionPlace[];
  const loaded: string[] = [];
  for (const place of places) loaded.push(...(await checkFunction(target, place)));
  return loaded;
}

async function checkFunction(target: LocalTargetConfig, place: FunctionPlace): Promise<string[]> {
  const fn = appFunction(target, place);
  if (fn === undefined) return [];
  const args: WorkerArgs = {
    file: fn.file,
    exportName: fn.exportName,
    functionName: resourceNames.functionName,
    memoryMB: fn.memoryMB,
    check: true,
  };
  const env = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    AWS_REGION: localRegion,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    ...fn.environment,
  };
  const problem = await new Promise<string | undefined>((resolve) => {
    execFile(
      process.execPath,
      [workerMain, JSON.stringify(args)],
      { env, timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error === null) resolve(undefined);
        else resolve(stdout.trim() || stderr.trim().split("\n").slice(-3).join(" ") || error.message);
      },
    );
  });
  if (problem !== undefined) throw new HandlerLoadError(place, fn.file, problem);
  return [`${place}: ${fn.exportName} from ${fn.file} (timeout ${fn.timeoutMs / 1000} s)`];
}
