// --compare as part of what the report judges: compare.json's regressions are failed gates in every report, a
// baseline's other shape is a finding, and the baseline is chosen or refused by its shape (#16 item 7).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { memoryOutput } from "../../common/output.ts";
import type { CompareFile } from "../../contracts/compare.ts";
import { RunDir } from "../../contracts/run-dir.ts";
import { resolveScenario } from "../../executors/index.ts";
import { compareGates } from "../../reports/compare-gates.ts";
import { buildReport, exitCodeFor } from "../../reports/index.ts";
import { BaselineNotFoundError, type CurrentRun, findBaseline } from "../../runner/compare/baseline.ts";
import { compareMetrics } from "../../runner/compare/compare.ts";
import type { ComparableMetrics } from "../../runner/compare/metrics.ts";
import { compareRuns } from "../../runner/compare/run-compare.ts";
import { shapeDifferences } from "../../runner/compare/shape.ts";
import { type SyntheticRun, writeSyntheticRun } from "../fixtures/report/synthetic-run.ts";

const fixed = () => new Date("2026-11-26T16:00:00.000Z");
const base: ComparableMetrics = {
  throttleOnsetRps: null,
  clientP95Ms: 50,
  clientP99Ms: 100,
  drainSeconds: 10,
  e2eP99Ms: null,
};

function synthetic(runsDir: string, runId: string, overrides: Partial<SyntheticRun> = {}) {
  return writeSyntheticRun({ dir: join(runsDir, runId), runId, durationSeconds: 60, peakRate: 100, ...overrides });
}

const compareFile = (overrides: Partial<CompareFile> = {}): CompareFile => ({
  schemaVersion: 2,
  baseline: "20261126T140000Z-base0001",
  comparisons: compareMetrics(base, { ...base, clientP99Ms: 400 }),
  differences: [],
  ...overrides,
});

describe("compareGates", () => {
  it("one gate per compared figure: a regression fails, a figure missing on one side is skipped", () => {
    expect(compareGates(compareFile()).map((g) => [g.name, g.kind, g.status, g.actual, g.limit])).toEqual([
      ["compare throttleOnsetRps", "gate", "skipped", null, "baseline: none"],
      ["compare clientP95Ms", "gate", "pass", "50 ms", "baseline 50 ms"],
      ["compare clientP99Ms", "gate", "fail", "400 ms", "baseline 100 ms"],
      ["compare drainSeconds", "gate", "pass", "10 s", "baseline 10 s"],
      ["compare e2eP99Ms", "gate", "skipped", null, "baseline: none"],
    ]);
    expect(compareGates(compareFile())[2]?.message).toBe(
      "regressed against run 20261126T140000Z-base0001: 100 ms -> 400 ms (worse by 300 (300 %))",
    );
    expect(compareGates(null)).toEqual([]);
  });

  it("a baseline of another shape is said in every compare gate", () => {
    const differences = [{ field: "peakRate" as const, baseline: "200/s", current: "100/s" }];
    expect(compareGates(compareFile({ differences }))[1]?.message).toContain(
      "; the baseline differs: peak rate 100/s here, 200/s in the baseline",
    );
  });
});

describe("the report judges compare.json", () => {
  it("a regression fails result.json, summary.md, report.html and junit.xml, and the exit code is 1", async () => {
    const runsDir = mkdtempSync(join(tmpdir(), "report-compare-"));
    const run = synthetic(runsDir, "20261126T150000Z-synth001");
    const passed = await buildReport({ run, output: memoryOutput(), now: fixed });
    expect(passed.gates.filter((g) => g.name.startsWith("compare "))).toEqual([]);
    expect(passed.gates.some((g) => g.status === "fail")).toBe(false);

    new RunDir(run).write("compare", compareFile());
    const result = await buildReport({ run, output: memoryOutput(), now: fixed });
    expect(result.status).toBe("fail");
    expect(exitCodeFor(result)).toBe(1);
    expect(new RunDir(run).read("result").status).toBe("fail");
    expect(readFileSync(run.summaryMd, "utf8")).toContain(
      "| <code>compare clientP99Ms</code> | ❌ FAIL | 400 ms | baseline 100 ms | regressed against run 20261126T140000Z-base0001: 100 ms -&gt; 400 ms (worse by 300 (300 %)) |",
    );
    expect(readFileSync(run.reportHtml, "utf8")).toContain(
      "<li>compare clientP99Ms: regressed against run 20261126T140000Z-base0001: 100 ms -&gt; 400 ms",
    );
    expect(readFileSync(run.junitXml, "utf8")).toContain(
      '<testcase name="compare clientP99Ms" classname="harness.gates.gate" time="0"><failure message="regressed against run',
    );
  });

  it("a baseline of another shape is a warning finding in result.json and summary.md", async () => {
    const runsDir = mkdtempSync(join(tmpdir(), "report-compare-"));
    const run = synthetic(runsDir, "20261126T150000Z-synth001");
    const differences = [{ field: "duration" as const, baseline: "2m", current: "1m" }];
    new RunDir(run).write("compare", compareFile({ differences, comparisons: compareMetrics(base, base) }));
    const result = await buildReport({ run, output: memoryOutput(), now: fixed });
    expect(result.findings.find((f) => f.kind === "baselineDiffers")).toMatchObject({
      severity: "warning",
      title: "The baseline was run with another shape",
      evidence: [{ label: "duration", value: "1m here, 2m in the baseline", source: "compare" }],
    });
    expect(readFileSync(run.summaryMd, "utf8")).toContain("**The baseline was run with another shape** (warning)");
  });
});

describe("findBaseline and compareRuns", () => {
  const scenario = (peakRate: number, executor: "ramping" | "vus" = "ramping") =>
    executor === "vus"
      ? resolveScenario({ executor: "constant-vus", vus: 5, duration: "60s" })
      : resolveScenario({
          executor: "ramping-arrival-rate",
          startRate: 0,
          timeUnit: "1s",
          stages: [
            { duration: "12s", target: peakRate },
            { duration: "36s", target: peakRate },
            { duration: "12s", target: 0 },
          ],
          maxInFlight: 10_000,
          channels: { http: 1 },
          thresholds: { http_req_duration: ["p(95)<500"] },
          chaos: [],
          gracefulStop: "10s",
        });
  const current = (peakRate: number, executor: "ramping" | "vus" = "ramping"): CurrentRun => ({
    runId: "20261126T160000Z-current1",
    target: "local",
    scenarioName: "spike",
    scenario: scenario(peakRate, executor),
  });

  async function runsWithTwoBaselines(): Promise<string> {
    const runsDir = mkdtempSync(join(tmpdir(), "report-compare-"));
    for (const [runId, peakRate] of [
      ["20261126T140000Z-rate0100", 100],
      ["20261126T150000Z-rate0200", 200],
    ] as const) {
      await buildReport({ run: synthetic(runsDir, runId, { peakRate }), output: memoryOutput(), now: fixed });
    }
    return runsDir;
  }

  it("shapeDifferences names each field that differs", () => {
    expect(shapeDifferences({ target: "local", scenario: scenario(100) }, current(100))).toEqual([]);
    expect(shapeDifferences({ target: "prod", scenario: scenario(200) }, current(100))).toEqual([
      { field: "target", baseline: "prod", current: "local" },
      { field: "peakRate", baseline: "200/s", current: "100/s" },
    ]);
  });

  it("latest-pass takes the newest passed run of the same shape, else the newest that differs only in rate", async () => {
    const runsDir = await runsWithTwoBaselines();
    expect(findBaseline(runsDir, "latest-pass", current(100))).toMatchObject({
      run: { runId: "20261126T140000Z-rate0100" },
      differences: [],
    });
    expect(findBaseline(runsDir, "latest-pass", current(150))).toMatchObject({
      run: { runId: "20261126T150000Z-rate0200" },
      differences: [{ field: "peakRate", baseline: "200/s", current: "150/s" }],
    });
    expect(() => findBaseline(runsDir, "latest-pass", current(100, "vus"))).toThrow(BaselineNotFoundError);
  });

  it("a named baseline of another executor, or without result.json, is refused: exit 4", async () => {
    const runsDir = await runsWithTwoBaselines();
    expect(() => findBaseline(runsDir, "20261126T140000Z-rate0100", current(100, "vus"))).toThrow(
      expect.objectContaining({
        exitCode: 4,
        message: expect.stringContaining(
          "is another experiment than this one (executor constant-vus here, ramping-arrival-rate in the baseline",
        ),
      }),
    );
    rmSync(join(runsDir, "20261126T140000Z-rate0100", "result.json"));
    expect(() => findBaseline(runsDir, "20261126T140000Z-rate0100", current(100))).toThrow(
      expect.objectContaining({ exitCode: 4, message: expect.stringContaining("result.json missing") }),
    );
  });

  it("compareRuns judges this run before its report exists and writes compare.json with the differences", async () => {
    const runsDir = await runsWithTwoBaselines();
    const run = synthetic(runsDir, "20261126T160000Z-current1", { peakRate: 150 });
    const baseline = findBaseline(runsDir, "latest-pass", current(150));
    const output = memoryOutput();
    const comparisons = await compareRuns(run, baseline, output);
    expect(new RunDir(run).has("result")).toBe(false);
    expect(new RunDir(run).read("compare")).toEqual({
      schemaVersion: 2,
      baseline: "20261126T150000Z-rate0200",
      comparisons,
      differences: [{ field: "peakRate", baseline: "200/s", current: "150/s" }],
    });
    expect(comparisons.map((c) => c.metric)).toEqual([
      "throttleOnsetRps",
      "clientP95Ms",
      "clientP99Ms",
      "drainSeconds",
      "e2eP99Ms",
    ]);
    expect(output.stderr[0]).toBe(
      "[compare] warning: the baseline 20261126T150000Z-rate0200 differs from this run: peak rate 150/s here, 200/s in the baseline; its figures compare with care",
    );
  });
});
