// The import-boundary check: which folder may import which, written down as data, held against every source import.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";

/**
 * The layering (lower floors never import higher ones; folders on one floor do not import each other unless listed).
 * A file belongs to the room whose folder is the longest prefix of its path (a sub-folder may be a room of its own);
 * files at the top level are in `(root)`. A room may always import itself.
 */
export const rooms: Readonly<Record<string, { floor: number; mayImport: readonly string[] }>> = {
  common: { floor: 0, mayImport: [] },
  aws: { floor: 1, mayImport: ["common"] },
  executors: { floor: 1, mayImport: ["common"] },
  contracts: { floor: 2, mayImport: ["common", "aws", "executors"] },
  config: { floor: 3, mayImport: ["common", "contracts", "executors"] },
  prereqs: { floor: 3, mayImport: ["common"] },
  loadtests: { floor: 4, mayImport: ["common", "aws", "executors", "contracts", "config", "prereqs"] },
  local: { floor: 4, mayImport: ["common", "aws", "executors", "contracts", "config", "prereqs"] },
  reports: { floor: 4, mayImport: ["common", "aws", "executors", "contracts", "config", "prereqs"] },
  verifier: { floor: 5, mayImport: ["common", "aws", "executors", "contracts", "config", "prereqs"] },
  runner: {
    floor: 6,
    mayImport: [
      ...["common", "aws", "executors", "contracts", "config", "prereqs"],
      ...["loadtests", "local", "reports", "verifier"],
    ],
  },
  bin: {
    floor: 7,
    mayImport: [
      ...["common", "aws", "executors", "contracts", "config", "prereqs"],
      ...["loadtests", "local", "reports", "verifier", "runner"],
    ],
  },
  "(root)": {
    floor: 7,
    mayImport: [
      ...["common", "aws", "executors", "contracts", "config", "prereqs"],
      ...["loadtests", "local", "reports", "verifier", "runner", "bin"],
    ],
  },
};

/** Not source: tests and benchmarks reach into every floor on purpose; tooling, docs and generated folders import none. */
export const notSource = new Set([
  "test",
  "bench",
  "scripts",
  "docs",
  "examples",
  "node_modules",
  "runs",
  "coverage",
  "dist",
]);

const sourceFile = /\.(ts|mts|cts|tsx|js|mjs)$/;
const testFile = /\.test\.(ts|mts|cts|tsx|js|mjs)$/;
/** A module loaded by URL (worker threads, a client module handed to a worker) is an import too. */
const moduleUrl = /new\s+URL\(\s*["'](\.{1,2}\/[^"']+)["']\s*,\s*import\.meta\.url\s*\)/g;

export interface Import {
  file: string;
  line: number;
  specifier: string;
  from: string;
  to: string;
}

export interface BoundaryReport {
  /** Every import of one room by another, allowed or not. */
  imports: Import[];
  /** Imports the table does not allow. */
  forbidden: Import[];
  /** Source files in a folder the table does not place (a new folder must be given a floor first). */
  unplaced: string[];
}

/** The room of a path relative to the root (`/`-separated), or undefined when no room holds it. */
export function roomOf(path: string): string | undefined {
  if (!path.includes("/")) return "(root)";
  let best: string | undefined;
  for (const room of Object.keys(rooms)) {
    if (room !== "(root)" && path.startsWith(`${room}/`) && (best === undefined || room.length > best.length))
      best = room;
  }
  return best;
}

function* sourceFiles(root: string, dir = root): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!(dir === root && notSource.has(entry.name))) yield* sourceFiles(root, path);
    } else if (sourceFile.test(entry.name) && !testFile.test(entry.name) && !entry.name.endsWith(".d.ts")) {
      yield path;
    }
  }
}

/** The package's own name and its `exports` map: `import ... from "<name>"` is an import of that file. */
function selfReference(root: string): { name: string; exports: Record<string, string> } | undefined {
  try {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { name?: unknown; exports?: unknown };
    if (typeof pkg.name !== "string") return undefined;
    const exports: Record<string, string> = {};
    if (typeof pkg.exports === "string") exports["."] = pkg.exports;
    else if (typeof pkg.exports === "object" && pkg.exports !== null) {
      for (const [key, value] of Object.entries(pkg.exports)) {
        // A conditional entry ({ types, default }) names the file Node loads under "default".
        const target = typeof value === "object" && value !== null ? (value as { default?: unknown }).default : value;
        if (typeof target === "string") exports[key] = target;
      }
    }
    return { name: pkg.name, exports };
  } catch {
    return undefined;
  }
}

/** Every module specifier a file loads, with its line: static, multi-line, type-only, dynamic, and module URLs. */
export function importsOf(text: string): Array<{ specifier: string; line: number }> {
  const lineAt = (pos: number) => text.slice(0, pos).split("\n").length;
  const found = ts
    .preProcessFile(text, true, true)
    .importedFiles.map((f) => ({ specifier: f.fileName, line: lineAt(f.pos) }));
  for (const m of text.matchAll(moduleUrl)) found.push({ specifier: m[1] as string, line: lineAt(m.index) });
  return found;
}

export function checkBoundaries(root: string): BoundaryReport {
  const self = selfReference(root);
  const report: BoundaryReport = { imports: [], forbidden: [], unplaced: [] };
  for (const path of sourceFiles(root)) {
    const file = relative(root, path).split(sep).join("/");
    const from = roomOf(file);
    if (from === undefined) {
      report.unplaced.push(file);
      continue;
    }
    for (const { specifier, line } of importsOf(readFileSync(path, "utf8"))) {
      let target: string;
      if (specifier.startsWith("./") || specifier.startsWith("../")) {
        target = relative(root, resolve(dirname(path), specifier))
          .split(sep)
          .join("/");
      } else if (self !== undefined && (specifier === self.name || specifier.startsWith(`${self.name}/`))) {
        const entry = self.exports[`.${specifier.slice(self.name.length)}`];
        if (entry === undefined) continue;
        target = relative(root, resolve(root, entry)).split(sep).join("/");
      } else {
        continue; // node: built-ins and dependencies
      }
      // dist/ is the compiled copy of the rooms (the installed package runs it): an import of it is one of its source.
      if (target.startsWith("dist/")) target = target.slice("dist/".length);
      const to = target.startsWith("../") ? "(outside)" : (roomOf(target) ?? target.split("/")[0] ?? target);
      if (to === from) continue;
      const edge = { file, line, specifier, from, to };
      report.imports.push(edge);
      if (!rooms[from]?.mayImport.includes(to)) report.forbidden.push(edge);
    }
  }
  return report;
}

/** `floor 2 contracts -> aws (1), common (2)`, lowest floor first. */
export function formatGraph(imports: readonly Import[]): string[] {
  const byRoom = new Map<string, Map<string, number>>();
  for (const room of Object.keys(rooms)) byRoom.set(room, new Map());
  for (const i of imports) {
    const row = byRoom.get(i.from) ?? new Map<string, number>();
    byRoom.set(i.from, row);
    row.set(i.to, (row.get(i.to) ?? 0) + 1);
  }
  const floorOf = (room: string) => rooms[room]?.floor ?? Number.POSITIVE_INFINITY;
  return [...byRoom]
    .sort(([a], [b]) => floorOf(a) - floorOf(b) || a.localeCompare(b))
    .map(([room, row]) => {
      const targets = [...row].sort(([a], [b]) => a.localeCompare(b)).map(([to, n]) => `${to} (${n})`);
      return `floor ${floorOf(room)} ${room} -> ${targets.length === 0 ? "nothing of ours" : targets.join(", ")}`;
    });
}

/** The table itself must be a layering: no room may import one on a higher floor. */
export function tableProblems(): string[] {
  const problems: string[] = [];
  for (const [room, { floor, mayImport }] of Object.entries(rooms)) {
    for (const to of mayImport) {
      const target = rooms[to];
      if (target === undefined) problems.push(`${room} may import ${to}, which is not a room`);
      else if (target.floor > floor) problems.push(`${room} (floor ${floor}) may import ${to} (floor ${target.floor})`);
    }
  }
  return problems;
}

function main(root: string): number {
  const problems = tableProblems();
  const report = checkBoundaries(root);
  for (const p of problems) console.error(`layering table: ${p}`);
  for (const f of report.unplaced) console.error(`${f}: its folder has no room in the layering table`);
  for (const i of report.forbidden) {
    const allowed = rooms[i.from]?.mayImport ?? [];
    console.error(
      `${i.file}:${i.line}: ${i.from} must not import ${i.to} ("${i.specifier}"); ${i.from} may import ${allowed.length === 0 ? "nothing of ours" : allowed.join(", ")}`,
    );
  }
  const failures = problems.length + report.unplaced.length + report.forbidden.length;
  if (failures > 0) {
    console.error(`\n${report.forbidden.length} forbidden import(s), ${report.unplaced.length} unplaced file(s).`);
    return 1;
  }
  for (const line of formatGraph(report.imports)) console.log(line);
  return 0;
}

if (import.meta.main) process.exitCode = main(resolve(process.argv[2] ?? "."));
