// Where a run's message IDs sit in a body or item: JMESPath paths whose string value starts with (or holds) the run's
// ID prefix, so a warning can name the idPath that would have matched instead of leaving hundreds "lost".
const maxPaths = 10;
const maxDepth = 32;
const plainKey = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A JMESPath segment for a key: bare when it is an identifier, else quoted. */
function keyPath(parent: string, key: string): string {
  const part = plainKey.test(key) ? key : JSON.stringify(key);
  return parent === "" ? part : `${parent}.${part}`;
}

/**
 * Paths in a parsed JSON value whose string value starts with runPrefix (usable as idPath as they are), then those
 * whose value holds it further in (`MSG#<id>`: usable with an idRegex), marked so.
 */
export function idPathsIn(value: unknown, runPrefix: string): string[] {
  const starts: string[] = [];
  const inside: string[] = [];
  const walk = (v: unknown, path: string, depth: number) => {
    if (depth > maxDepth || starts.length + inside.length >= maxPaths) return;
    if (typeof v === "string") {
      if (v.startsWith(runPrefix)) starts.push(path === "" ? "@" : path);
      else if (v.includes(runPrefix)) inside.push(`${path === "" ? "@" : path} (inside the value: needs an idRegex)`);
      return;
    }
    if (Array.isArray(v)) {
      for (const [i, item] of v.entries()) walk(item, `${path}[${i}]`, depth + 1);
      return;
    }
    if (v !== null && typeof v === "object") {
      for (const [key, item] of Object.entries(v)) walk(item, keyPath(path, key), depth + 1);
    }
  };
  walk(value, "", 0);
  return [...starts, ...inside];
}

/** The paths of several samples, each once, in the order first seen. */
export function idPathsOf(samples: readonly unknown[], runPrefix: string): string[] {
  return [...new Set(samples.flatMap((s) => idPathsIn(s, runPrefix)))];
}
