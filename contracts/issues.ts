// Zod issues as `path: what is wrong` lines, e.g. `classes.lost.count: expected number, got string`.
import type { z } from "zod";

/** `a.b[0].c`; the empty path (the whole file) reads `(top level)`. */
export function issuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? "(top level)" : out;
}

function kindOf(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/** One line per issue; `safeParse` must have been given `reportInput: true` for the `got` part. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const what =
      issue.code === "invalid_type" ? `expected ${issue.expected}, got ${kindOf(issue.input)}` : issue.message;
    return `${issuePath(issue.path)}: ${what}`;
  });
}
