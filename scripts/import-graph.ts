// Prints which top-level folder imports which (the project's own .ts files, tests and benchmarks left out).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = resolve(process.argv[2] ?? ".");
const skip = new Set(["node_modules", "test", "bench", "runs", ".git", ".harness", "docs", "examples", "scripts"]);
function* files(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      if (!skip.has(e.name)) yield* files(join(dir, e.name));
    } else if (e.name.endsWith(".ts")) yield join(dir, e.name);
  }
}
const graph = new Map<string, Map<string, string[]>>();
for (const file of files(root)) {
  const rel = relative(root, file);
  const from = rel.includes("/") ? rel.split("/")[0] : "(root)";
  const text = readFileSync(file, "utf8");
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
    const target = relative(root, resolve(dirname(file), m[1] as string));
    const to = target.includes("/") ? target.split("/")[0] : "(root)";
    if (to === from) continue;
    const row = graph.get(from) ?? new Map();
    graph.set(from, row);
    row.set(to, [...(row.get(to) ?? []), `${rel} -> ${target}`]);
  }
}
for (const [from, row] of [...graph].sort()) {
  console.log(
    `${from} -> ${[...row.keys()]
      .sort()
      .map((k) => `${k}(${row.get(k)?.length})`)
      .join(", ")}`,
  );
}
if (process.argv[3] === "--detail")
  for (const [, row] of graph) for (const [, l] of row) for (const x of l) console.log("  " + x);
