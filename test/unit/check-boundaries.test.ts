// The import-boundary check on a small tree: a layered tree passes; one upward import fails, named with file and line.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkBoundaries, importsOf, roomOf, tableProblems } from "../../scripts/check-boundaries.ts";

const script = fileURLToPath(new URL("../../scripts/check-boundaries.ts", import.meta.url));

function write(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

function run(root: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [script, root], { encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const layered = {
  "package.json": JSON.stringify({ name: "harness", exports: { ".": "./config/index.ts" } }),
  "common/errors.ts": `export class HarnessError extends Error {}\n`,
  "executors/index.ts": `import { HarnessError } from "../common/errors.ts";\nexport const e = HarnessError;\n`,
  "contracts/plan.ts": `import type {\n  HarnessError,\n} from "../common/errors.ts";\nexport type Plan = HarnessError;\n`,
  "config/index.ts": `export type { Plan } from "../contracts/plan.ts";\n`,
  "loadtests/engine/run.ts": `import "../../executors/index.ts";\nexport const load = () => import("../../config/index.ts");\n`,
  "runner/run.ts": `import { load } from "../loadtests/engine/run.ts";\nexport const run = load;\n`,
  "runner/run.test.ts": `import "../bin/main.ts";\n`,
  "bin/main.ts": `import { run } from "../runner/run.ts";\nvoid run;\n`,
  "harness.config.ts": `import type { Plan } from "harness";\nexport type P = Plan;\n`,
  "test/unit/x.test.ts": `import "../../bin/main.ts";\n`,
};

describe("check-boundaries", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "boundaries-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("passes a layered tree and prints its folder graph (tests and test files are not source)", () => {
    write(root, layered);
    expect(checkBoundaries(root)).toMatchObject({ forbidden: [], unplaced: [] });
    const { status, stdout } = run(root);
    expect(status).toBe(0);
    expect(stdout).toContain("floor 2 contracts -> common (1)");
    expect(stdout).toContain("floor 4 loadtests -> config (1), executors (1)");
    expect(stdout).toContain("floor 7 (root) -> config (1)");
  });

  it("fails on an upward import, naming the file, the line and the rooms", () => {
    write(root, {
      ...layered,
      "contracts/plan.ts": `import type { HarnessError } from "../common/errors.ts";\nimport type { Run } from "../runner/run.ts";\nexport type Plan = HarnessError | Run;\n`,
    });
    expect(checkBoundaries(root).forbidden).toEqual([
      { file: "contracts/plan.ts", line: 2, specifier: "../runner/run.ts", from: "contracts", to: "runner" },
    ]);
    const { status, stderr } = run(root);
    expect(status).toBe(1);
    expect(stderr).toContain('contracts/plan.ts:2: contracts must not import runner ("../runner/run.ts")');
  });

  it("fails on an import between folders of one floor, and on a folder the table does not place", () => {
    write(root, {
      ...layered,
      "local/app.ts": `import "../reports/render.ts";\n`,
      "reports/render.ts": `export {};\n`,
      "plugins/x.ts": `export {};\n`,
    });
    const report = checkBoundaries(root);
    expect(report.forbidden.map((i) => `${i.file}:${i.line} ${i.from}->${i.to}`)).toEqual([
      "local/app.ts:1 local->reports",
    ]);
    expect(report.unplaced).toEqual(["plugins/x.ts"]);
    expect(run(root).status).toBe(1);
  });

  it("reads multi-line, type-only, dynamic and module-URL imports, and skips commented ones", () => {
    const text = [
      `// import "../a.ts";`,
      `import {`,
      `  b,`,
      `} from "../b.ts";`,
      `import type { C } from "../c.ts";`,
      `const d = await import("../d.ts");`,
      `const e = new URL("../e.ts", import.meta.url);`,
      `const s = "import f from '../f.ts'";`,
    ].join("\n");
    expect(importsOf(text)).toEqual([
      { specifier: "../b.ts", line: 4 },
      { specifier: "../c.ts", line: 5 },
      { specifier: "../d.ts", line: 6 },
      { specifier: "../e.ts", line: 7 },
    ]);
  });

  it("places a file by its folder, and the table itself is layered", () => {
    expect([roomOf("executors/ramp.ts"), roomOf("loadtests/engine/shard.ts"), roomOf("x.ts")]).toEqual([
      "executors",
      "loadtests",
      "(root)",
    ]);
    expect(tableProblems()).toEqual([]);
  });
});
