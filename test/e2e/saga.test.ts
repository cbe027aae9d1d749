// The Step Functions saga end to end on the local target, as a user runs it: a skipped compensation is caught with
// exactly the IDs the app harmed, failures that are compensated pass, and a chaos window's compensations cluster in it.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ChaosFile } from "../../contracts/chaos.ts";
import type { LoadSummary } from "../../contracts/load-summary.ts";
import type { Verdict } from "../../contracts/verdict.ts";
import { runCli } from "../support/cli.ts";
import { useLocalStack } from "../support/local-stack.ts";

const config = `export default {
  runsDir: "runs",
  targets: { local: { kind: "local", maxRps: 500, saga: {} } },
  scenarios: {
    "mini-saga": { executor: "constant-arrival-rate", rate: 40, duration: "2s", channels: { sfn: 1 } },
    "mini-saga-chaos": {
      executor: "constant-arrival-rate", rate: 40, duration: "6s", channels: { sfn: 1 },
      chaos: [{ at: "2s", duration: "2s", action: "fault", params: { sagaShipFailureRate: 0.9 } }],
    },
  },
  drain: { timeout: "30s", settle: "1s" },
};
`;

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;

describe("the saga on the local target", () => {
  const { cwd } = useLocalStack("harness-saga", config);
  const latest = (file: string) => join(cwd, "runs", "latest", file);
  const status = async () => {
    const out = await runCli(["local", "status", "--json"], { cwd });
    return JSON.parse(out.stdout) as { harmed: Record<string, string[]>; stats: Record<string, number> };
  };

  it("a skipped compensation exits 1, and the half-done IDs are exactly the ones the app harmed (also on re-verify)", async () => {
    const set = ["sagaSkipCompensation=0.3", "sagaChargeFailureRate=0.3", "sagaShipFailureRate=0.3"];
    expect((await runCli(["local", "fault", ...set], { cwd })).code).toBe(0);
    try {
      const run = await runCli(["run", "--target", "local", "--scenario", "mini-saga"], { cwd, timeoutMs: 90_000 });
      expect(run.code, run.stderr).toBe(1);
      const verdict = readJson<Verdict>(latest("verify.json"));
      const summary = readJson<LoadSummary>(latest("load-summary.json"));
      const { harmed, stats } = await status();
      const harmedHere = (harmed.sagaSkipCompensation ?? []).filter((id) => id.startsWith(verdict.runId)).sort();
      expect(harmedHere.length).toBeGreaterThan(0);
      expect(verdict.valid).toBe(false);
      expect(verdict.saga?.truncated).toBe(false);
      expect(verdict.saga?.halfDone.map((h) => h.id).sort()).toEqual(harmedHere);
      expect(verdict.saga?.counts.unexpected).toBe(0);
      // Every accepted execution is one saga outcome; the order record reached the sink for each.
      const c = verdict.saga?.counts;
      expect((c?.completed ?? 0) + (c?.compensated ?? 0) + (c?.halfDone ?? 0) + (c?.notStarted ?? 0)).toBe(summary.acc);
      expect(summary.acc).toBe(80);
      expect(verdict.classes.delivered.count).toBe(summary.acc);
      expect(stats["AWS/States:ExecutionsStarted"]).toBeGreaterThanOrEqual(summary.acc);
      const result = readJson<{ findings: Array<{ kind: string; halfDone?: number }> }>(latest("result.json"));
      expect(result.findings.find((f) => f.kind === "sagaHalfDone")?.halfDone).toBe(harmedHere.length);

      // Nothing is left to drain: the re-verification reads the step tables again at once.
      const again = await runCli(["verify", "--run", "latest", "--drain-timeout", "0s"], { cwd, timeoutMs: 60_000 });
      expect(again.code, again.stderr).toBe(1);
      const reverified = readJson<Verdict>(latest("verify.json"));
      expect(reverified.saga?.halfDone.map((h) => h.id).sort()).toEqual(harmedHere);
    } finally {
      await runCli(["local", "fault", "sagaSkipCompensation=0", "sagaChargeFailureRate=0", "sagaShipFailureRate=0"], {
        cwd,
      });
    }
  });

  it("the same failures with every compensation done pass with valid true, none half done", async () => {
    expect(
      (await runCli(["local", "fault", "sagaChargeFailureRate=0.3", "sagaShipFailureRate=0.3"], { cwd })).code,
    ).toBe(0);
    try {
      const run = await runCli(["run", "--target", "local", "--scenario", "mini-saga"], { cwd, timeoutMs: 90_000 });
      expect(run.code, run.stderr).toBe(0);
      const verdict = readJson<Verdict>(latest("verify.json"));
      expect(verdict.valid).toBe(true);
      expect(verdict.saga?.counts.halfDone).toBe(0);
      expect(verdict.saga?.counts.compensated).toBeGreaterThan(0);
      expect(verdict.saga?.counts.completed).toBeGreaterThan(0);
    } finally {
      await runCli(["local", "fault", "sagaChargeFailureRate=0", "sagaShipFailureRate=0"], { cwd });
    }
  });

  it("a chaos window of failing ship steps: compensated sagas cluster inside it, none half done", async () => {
    const run = await runCli(["run", "--target", "local", "--scenario", "mini-saga-chaos"], {
      cwd,
      timeoutMs: 90_000,
    });
    expect(run.code, run.stderr).toBe(0);
    const verdict = readJson<Verdict>(latest("verify.json"));
    const chaos = readJson<ChaosFile>(latest("chaos.json")).windows[0];
    expect(verdict.valid).toBe(true);
    expect(verdict.saga?.counts.halfDone).toBe(0);
    const start = Math.floor((chaos?.start ?? 0) / 1000);
    const end = Math.ceil((chaos?.end ?? 0) / 1000);
    const compensated = verdict.saga?.bySecond.compensated ?? [];
    const total = compensated.reduce((sum, [, n]) => sum + n, 0);
    const inside = compensated.filter(([t]) => t >= start && t < end).reduce((sum, [, n]) => sum + n, 0);
    // 90 % of ~80 ship steps in the window fail; none outside it: most compensations are inside, with a wide margin.
    expect(total).toBeGreaterThan(40);
    expect(inside / total).toBeGreaterThan(0.8);
    expect(readFileSync(latest("report.html"), "utf8")).toContain("Saga outcomes by send second");
  });

  it("the local Step Functions API describes each execution as the AWS SDK reads it", async () => {
    const state = readJson<{ endpoints: { sfn: string }; resources: { saga: { stateMachineArn: string } } }>(
      join(cwd, ".harness", "local", "state.json"),
    );
    const verdict = readJson<Verdict>(latest("verify.json"));
    const { DescribeExecutionCommand, SFNClient, StartExecutionCommand } = await import("@aws-sdk/client-sfn");
    const sfn = new SFNClient({
      region: "us-east-1",
      endpoint: state.endpoints.sfn,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    try {
      const stateMachineArn = state.resources.saga.stateMachineArn;
      const name = `${verdict.runId}-mini-saga-chaos-0`;
      const executionArn = stateMachineArn.replace(":stateMachine:", ":execution:") + `:${name}`;
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      expect(described.name).toBe(name);
      expect(["SUCCEEDED", "FAILED"]).toContain(described.status);
      expect(JSON.parse(described.input ?? "{}").id).toBe(name);
      // The same name with another input is another execution: refused, as Step Functions refuses it.
      await expect(sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: "{}" }))).rejects.toMatchObject({
        name: "ExecutionAlreadyExists",
      });
    } finally {
      sfn.destroy();
    }
  });
});

describe("a saga definition that is not Amazon States Language", () => {
  it("is refused by local up with exit 4, naming the file and the problem", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "harness-saga-bad-"));
    writeFileSync(join(cwd, "bad.asl.json"), JSON.stringify({ StartAt: "Nowhere", States: {} }));
    writeFileSync(
      join(cwd, "harness.config.ts"),
      `export default { targets: { local: { kind: "local", saga: { definition: "./bad.asl.json" } } } };\n`,
    );
    const up = await runCli(["local", "up"], { cwd });
    expect(up.code, up.stderr).toBe(4);
    expect(up.stderr).toContain("bad.asl.json");
    expect(up.stderr).toMatch(/not valid Amazon States Language/);
  });
});
