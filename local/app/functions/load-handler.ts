// Loads a team's handler as Lambda's Node runtime does: ESM or CommonJS, TypeScript through Node's type stripping.
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";

export type LambdaHandler = (event: unknown, context: unknown, callback?: unknown) => unknown;

/** Why a handler cannot be used, in words that name the file and the export. */
export class HandlerLoadProblem extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "HandlerLoadProblem";
  }
}

export async function loadHandler(file: string, exportName: string): Promise<LambdaHandler> {
  if (!existsSync(file)) throw new HandlerLoadProblem(`no such file: ${file}`);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new HandlerLoadProblem(`${file} threw at import: ${reason}`, { cause: error });
  }
  // A CommonJS module's exports are its default; named exports are found only when Node's lexer could see them.
  const fromDefault = module.default as Record<string, unknown> | undefined;
  const handler = module[exportName] ?? (typeof fromDefault === "object" ? fromDefault?.[exportName] : undefined);
  if (typeof handler !== "function") {
    const names = [...new Set([...Object.keys(module), ...Object.keys(fromDefault ?? {})])].filter(
      (n) => n !== "default",
    );
    throw new HandlerLoadProblem(
      `${file} has no function export "${exportName}" (exports: ${names.length > 0 ? names.join(", ") : "none"})`,
    );
  }
  return handler as LambdaHandler;
}
