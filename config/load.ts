// Finds harness.config.ts (or --config), imports it, validates it; no file means the embedded local target only.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigLoadError } from "./errors.ts";
import type { HarnessConfig } from "./schema.ts";
import { validateConfig } from "./validate.ts";

export const configFileNames = ["harness.config.ts", "harness.config.mjs", "harness.config.js"] as const;

export interface LoadedConfig {
  config: HarnessConfig;
  /** Absolute path of the file, or undefined when the embedded default was used. */
  file: string | undefined;
}

export function findConfigFile(cwd: string, explicit?: string): string | undefined {
  if (explicit !== undefined) return resolve(cwd, explicit);
  for (const name of configFileNames) {
    const candidate = resolve(cwd, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The config a fresh directory gets: the embedded local target and the gates' defaults. */
export const embeddedConfig = { targets: { local: { kind: "local" } } } as const;

/**
 * Where a syntax error is, as Node prints it (`file:line`, the line, a caret): a TypeScript one carries it at the top
 * of its stack; a JavaScript module's does not, so `node --check` (which runs no code) is asked for it.
 */
export function syntaxLocation(file: string, error: SyntaxError): string | undefined {
  const head = error.stack?.split("\n\n")[0];
  if (head?.startsWith(`${file}:`)) return head;
  const check = spawnSync(process.execPath, ["--check", file], { encoding: "utf8", timeout: 10_000 });
  const printed = check.stderr?.split("\n\n")[0];
  return printed?.startsWith(`${file}:`) ? printed : undefined;
}

export async function loadConfig(cwd: string, explicit?: string): Promise<LoadedConfig> {
  const file = findConfigFile(cwd, explicit);
  if (file === undefined) return { config: validateConfig(embeddedConfig), file: undefined };
  if (!existsSync(file)) throw new ConfigLoadError(file, "no such file");
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const where = error instanceof SyntaxError ? syntaxLocation(file, error) : undefined;
    throw new ConfigLoadError(file, where === undefined ? message : `${message}\n${where}`, error);
  }
  if (module.default === undefined) throw new ConfigLoadError(file, "it has no default export");
  return { config: validateConfig(module.default, file), file };
}
