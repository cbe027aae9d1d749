// `{ type: "token", module }`: the module's default export returns `{ headers, expiresAt }` (sync or async); its
// headers become header lines sent with every request until the next refresh.
import type { TokenFunction, TokenResult } from "../../../config/token.ts";
import { headerNamePattern, headerValueProblem } from "../../../contracts/http-field.ts";
import { defaultFunction } from "../user-module.ts";
import { AuthSourceError } from "./errors.ts";
import type { Fetched } from "./refresh.ts";

/** The header names the engine writes itself: a token may not replace them. */
const reserved = new Set(["host", "content-length", "connection", "transfer-encoding"]);

export async function loadTokenFunction(modulePath: string): Promise<TokenFunction> {
  const fn = await defaultFunction(
    modulePath,
    (reason, cause) => new AuthSourceError(`token module ${modulePath} ${reason}`, cause),
  );
  return fn as TokenFunction;
}

/** Calls the token function and checks what it gave: header lines (`name: value\r\n`...) and their expiry. */
export async function fetchHeaderLines(fn: TokenFunction, label: string): Promise<Fetched<string>> {
  let result: unknown;
  try {
    result = await fn();
  } catch (error) {
    if (error instanceof AuthSourceError) throw error;
    throw new AuthSourceError(`${label} threw: ${error instanceof Error ? error.message : String(error)}`, error);
  }
  const { headers, expiresAt } = (result ?? {}) as Partial<TokenResult>;
  if (typeof headers !== "object" || headers === null || Array.isArray(headers))
    throw new AuthSourceError(`${label} returned no headers object ({ headers, expiresAt })`);
  return { value: headerLines(headers, label), expiresAt: expiryOf(expiresAt, label) };
}

export function headerLines(headers: Record<string, string>, label: string): string {
  let lines = "";
  for (const [name, value] of Object.entries(headers)) {
    if (!headerNamePattern.test(name))
      throw new AuthSourceError(`${label}: ${JSON.stringify(name)} is not a header name`);
    if (reserved.has(name.toLowerCase())) throw new AuthSourceError(`${label}: the header ${name} is the engine's own`);
    if (typeof value !== "string") throw new AuthSourceError(`${label}: the header ${name} is not a string`);
    const problem = headerValueProblem(value);
    if (problem !== undefined) throw new AuthSourceError(`${label}: the header ${name} holds ${problem}`);
    lines += `${name}: ${value}\r\n`;
  }
  return lines;
}

function expiryOf(expiresAt: unknown, label: string): number {
  if (expiresAt === undefined) return Number.POSITIVE_INFINITY;
  const at = expiresAt instanceof Date ? expiresAt.getTime() : expiresAt;
  if (typeof at !== "number" || !Number.isFinite(at))
    throw new AuthSourceError(`${label}: expiresAt must be epoch milliseconds or a Date`);
  return at;
}
