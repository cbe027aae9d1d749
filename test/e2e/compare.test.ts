// `harness run --compare`: a regression is a failed gate in every report and the exit code; a baseline of another
// shape is refused or compared with a warning; a run directory deleted mid-run ends with verdict unknown.
// (#16 item 7: a regression exited 1 while report.html, summary.md and junit.xml said PASS, and a baseline of
// another rate was compared without a word; item 12: a run folder deleted mid-run was exit 255.)
import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CompareFile } from "../../contracts/compare.ts";
import type { RunResult } from "../../reports/index.ts";
import { runCli } from "../support/cli.ts";
import { useLocalStack } from "../support/local-stack.ts";

const config = `export default {
  runsDir: "runs",
  targets: { local: { kind: "local", maxRps: 500 } },
  scenarios: {
    steady: { executor: "constant-arrival-rate", rate: 20, duration: "2s" },
    closed: { executor: "constant-vus", vus: 2, duration: "2s" },
    long: { executor: "constant-arrival-rate", rate: 20, duration: "8s" },
  },
  drain: { timeout: "60s", settle: "1s" },
};
`;

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;

describe("harness run --compare", () => {
  const { cwd } = useLocalStack("harness-compare", config);
  const runs = () => join(cwd, "runs");
  const latest = () => join(runs(), readlinkSync(join(runs(), "latest")));
  let baseline = "";

  it("a baseline run passes", async () => {
    const run = await runCli(["run", "--scenario", "steady"], { cwd, timeoutMs: 120_000 });
    expect(run.code, run.stderr).toBe(0);
    baseline = readlinkSync(join(runs(), "latest"));
  });

  it("a regressed run fails in result.json, summary.md, report.html and junit.xml, naming the regression; exit 1", async () => {
    const fault = await runCli(["local", "fault", "gatewayLatencyMs=300"], { cwd });
    expect(fault.code, fault.stderr).toBe(0);
    let run: Awaited<ReturnType<typeof runCli>>;
    try {
      run = await runCli(["run", "--scenario", "steady", "--compare", baseline], { cwd, timeoutMs: 120_000 });
    } finally {
      await runCli(["local", "fault", "gatewayLatencyMs=0"], { cwd });
    }
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain("[compare] REGRESSION clientP95Ms");
    // The comparison is judged by the report: it runs before it.
    expect(run.stderr.indexOf("[compare] started")).toBeLessThan(run.stderr.indexOf("[report] started"));
    const dir = latest();
    const compare = readJson<CompareFile>(join(dir, "compare.json"));
    expect(compare).toMatchObject({ schemaVersion: 2, baseline, differences: [] });
    const result = readJson<RunResult>(join(dir, "result.json"));
    expect(result.status).toBe("fail");
    expect(result.valid).toBe(true);
    const gate = result.gates.find((g) => g.name === "compare clientP95Ms");
    expect(gate).toMatchObject({ kind: "gate", status: "fail" });
    expect(gate?.message).toContain(`regressed against run ${baseline}`);
    expect(readFileSync(join(dir, "summary.md"), "utf8")).toMatch(
      /harness FAIL[\s\S]*<code>compare clientP95Ms<\/code> \| ❌ FAIL/,
    );
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html).toMatch(/<div class="word">FAIL<\/div>/);
    expect(html).toMatch(/<li>compare clientP95Ms: regressed against run/);
    expect(readFileSync(join(dir, "junit.xml"), "utf8")).toMatch(
      /<testcase name="compare clientP95Ms" classname="harness.gates.gate" time="0"><failure message="regressed against run/,
    );

    // Rebuilt later from the run directory, the report gives the same answer.
    const again = await runCli(["report", "--run", dir], { cwd });
    expect(again.code, again.stderr).toBe(1);
    const rebuilt = readJson<RunResult>(join(dir, "result.json"));
    expect(rebuilt.status).toBe("fail");
    expect(rebuilt.gates.map((g) => [g.name, g.status])).toEqual(result.gates.map((g) => [g.name, g.status]));
  });

  it("a baseline of another rate is compared with a warning, recorded in compare.json and the report", async () => {
    const run = await runCli(["run", "--scenario", "steady", "--rate", "10", "--compare", baseline], {
      cwd,
      timeoutMs: 120_000,
    });
    expect([0, 1], run.stderr).toContain(run.code);
    expect(run.stderr).toContain(
      `[compare] warning: the baseline ${baseline} differs from this run: peak rate 10/s here, 20/s in the baseline`,
    );
    const dir = latest();
    expect(readJson<CompareFile>(join(dir, "compare.json")).differences).toEqual([
      { field: "peakRate", baseline: "20/s", current: "10/s" },
    ]);
    const result = readJson<RunResult>(join(dir, "result.json"));
    expect(result.findings.find((f) => f.kind === "baselineDiffers")).toMatchObject({
      severity: "warning",
      summary: expect.stringContaining("peak rate 10/s here, 20/s in the baseline"),
    });
    expect(readFileSync(join(dir, "summary.md"), "utf8")).toContain("The baseline was run with another shape");
  });

  it("a baseline of another executor is refused before the load: exit 4, naming the difference", async () => {
    const before = readdirSync(runs()).length;
    const run = await runCli(["run", "--scenario", "closed", "--compare", baseline], { cwd, timeoutMs: 120_000 });
    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toContain(
      `Run ${baseline} is another experiment than this one (executor constant-vus here, constant-arrival-rate in the baseline`,
    );
    expect(run.stderr).toMatch(/hint: Pass --compare with a run of the same target, executor and channels/);
    expect(run.stderr).not.toContain("[load] started");
    expect(readdirSync(runs()).length).toBe(before);
  });

  it("a run directory deleted mid-run: exit 2, naming it, not a bug", async () => {
    const link = join(runs(), "latest");
    const before = existsSync(link) ? readlinkSync(link) : "";
    const running = runCli(["run", "--scenario", "long"], { cwd, timeoutMs: 120_000 });
    let dir = "";
    for (let i = 0; i < 600 && dir === ""; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const now = existsSync(link) ? readlinkSync(link) : "";
      // Deleted once the load is writing its ledger: the evidence of a load under way is gone.
      const ledger = join(runs(), now, "ledger");
      if (now !== "" && now !== before && existsSync(ledger) && readdirSync(ledger).length > 0) dir = join(runs(), now);
    }
    expect(dir).not.toBe("");
    rmSync(dir, { recursive: true, force: true });
    const run = await running;
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(`The run directory ${dir} was deleted or replaced during the run`);
    expect(run.stderr).not.toContain("bug in harness");
  });
});
