// EventBridge event patterns: field values listed as alternatives, nested objects, and the common matchers
// (prefix, suffix, anything-but, exists, numeric); enough for the rules a pipeline puts in front of a queue.

export type EventPattern = { [field: string]: EventPattern | unknown[] };

type Matcher = Record<string, unknown>;

function matchesOne(value: unknown, matcher: unknown): boolean {
  if (matcher === null || typeof matcher !== "object") return value === matcher;
  const m = matcher as Matcher;
  if ("prefix" in m) return typeof value === "string" && typeof m.prefix === "string" && value.startsWith(m.prefix);
  if ("suffix" in m) return typeof value === "string" && typeof m.suffix === "string" && value.endsWith(m.suffix);
  if ("anything-but" in m) {
    if (value === undefined) return false;
    const excluded = m["anything-but"];
    const list = Array.isArray(excluded) ? excluded : [excluded];
    if (excluded !== null && typeof excluded === "object" && !Array.isArray(excluded)) {
      return !matchesOne(value, excluded);
    }
    return !list.includes(value);
  }
  if ("numeric" in m) return typeof value === "number" && numericMatches(value, m.numeric);
  return false;
}

function numericMatches(value: number, spec: unknown): boolean {
  if (!Array.isArray(spec)) return false;
  for (let i = 0; i + 1 < spec.length; i += 2) {
    const [op, bound] = [spec[i], spec[i + 1]];
    if (typeof bound !== "number") return false;
    const ok =
      op === "="
        ? value === bound
        : op === "<"
          ? value < bound
          : op === "<="
            ? value <= bound
            : op === ">"
              ? value > bound
              : op === ">="
                ? value >= bound
                : false;
    if (!ok) return false;
  }
  return true;
}

function fieldMatches(value: unknown, alternatives: unknown[]): boolean {
  const exists = alternatives.find(
    (a): a is { exists: boolean } => typeof a === "object" && a !== null && "exists" in (a as Matcher),
  );
  if (exists !== undefined) return exists.exists === (value !== undefined);
  if (value === undefined) return false;
  // An array value matches when any of its elements does, as in EventBridge.
  const values = Array.isArray(value) ? value : [value];
  return values.some((v) => alternatives.some((a) => matchesOne(v, a)));
}

/** True when the event satisfies every field of the pattern. */
export function matchesPattern(event: unknown, pattern: EventPattern): boolean {
  const record = typeof event === "object" && event !== null ? (event as Record<string, unknown>) : {};
  for (const [field, rule] of Object.entries(pattern)) {
    const value = record[field];
    if (Array.isArray(rule)) {
      if (!fieldMatches(value, rule)) return false;
    } else if (typeof rule === "object" && rule !== null) {
      if (typeof value !== "object" || value === null || !matchesPattern(value, rule)) return false;
    } else {
      return false;
    }
  }
  return true;
}
