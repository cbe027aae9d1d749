// Lambda asynchronous invocation in the local target, as a user runs it: the lambda channel's Invoke (Event) and an
// EventBridge rule targeting the function, both through the internal queue; the retry-drop bug named ID by ID; a
// function error rate that sends events to the on-failure destination and the DLQ, counted dead-lettered, not lost.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { LoadSummary } from "../../contracts/load-summary.ts";
import type { Verdict } from "../../contracts/verdict.ts";
import { type ControlSnapshot, readControl, setFaults } from "../../local/control-client.ts";
import { localPaths, readState } from "../../local/state.ts";
import { runCli } from "../support/cli.ts";
import { useLocalStack } from "../support/local-stack.ts";

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;

const config = `export default {
  runsDir: "runs",
  targets: {
    local: { kind: "local", asyncFunction: { timeScale: 0.005, ruleTarget: true } },
  },
  scenarios: {
    invoke: { executor: "constant-arrival-rate", rate: 100, duration: "2s", channels: { lambda: 1 } },
    mixed: { executor: "constant-arrival-rate", rate: 100, duration: "2s", channels: { lambda: 1, events: 1 } },
  },
  drain: { timeout: "60s", settle: "1s" },
  gates: { maxLost: 0 },
};
`;

function idsOf(dir: string, file: string | undefined): string[] {
  if (file === undefined) return [];
  return readFileSync(join(dir, file), "utf8").trim().split("\n").filter(Boolean).sort();
}

describe("asynchronous Lambda invocation in the local target", () => {
  const { cwd } = useLocalStack("harness-async", config);
  // The app's own account of what it did, from the control endpoint `harness local status --json` reads.
  const control = (): Promise<ControlSnapshot> => readControl(readState(localPaths(cwd))?.endpoints?.control ?? "");
  const faults = async (values: Record<string, number>) =>
    setFaults(readState(localPaths(cwd))?.endpoints?.control ?? "", values);

  it("the retry-drop bug exits 1, and its lost IDs are exactly the IDs the app says it dropped", async () => {
    await faults({ asyncErrorRate: 0.3, asyncRetryDrop: 1 });
    try {
      const run = await runCli(["run", "--target", "local", "--scenario", "invoke"], { cwd, timeoutMs: 120_000 });
      expect(run.code, run.stderr).toBe(1);
      const dir = join(cwd, "runs", "latest");
      const verdict = readJson<Verdict>(join(dir, "verify.json"));
      expect(verdict.valid).toBe(false);
      const harmed = ((await control()).harmed.asyncRetryDrop ?? []).filter((id) => id.startsWith(verdict.runId));
      expect(harmed.length).toBeGreaterThan(5);
      expect(idsOf(dir, verdict.classes.lost.file)).toEqual(harmed.sort());
      expect(verdict.classes.delivered.count + harmed.length).toBe(200);
    } finally {
      await faults({ asyncErrorRate: 0, asyncRetryDrop: 0 });
    }
  });

  it("with no bug, a function error rate sends events to the destination and the DLQ: dead-lettered by ID, valid true", async () => {
    const before = (await control()).stats;
    await faults({ asyncErrorRate: 0.6 });
    try {
      // Half the messages reach the function through the EventBridge rule that targets it.
      const run = await runCli(["run", "--target", "local", "--scenario", "mixed"], { cwd, timeoutMs: 120_000 });
      expect(run.code, run.stderr).toBe(0);
      const dir = join(cwd, "runs", "latest");
      const verdict = readJson<Verdict>(join(dir, "verify.json"));
      const summary = readJson<LoadSummary>(join(dir, "load-summary.json"));
      expect(verdict.valid).toBe(true);
      expect(verdict.classes.lost.count).toBe(0);
      expect(summary.byChannel.lambda?.acc).toBe(100);
      expect(summary.byChannel.events?.acc).toBe(100);
      const after = (await control()).stats;
      const delta = (name: string) => (after[name] ?? 0) - (before[name] ?? 0);
      // Both paths went through the internal queue.
      expect(delta("AWS/Lambda:AsyncEventsReceived")).toBe(200);
      const dropped = delta("AWS/Lambda:AsyncEventsDropped");
      expect(dropped).toBeGreaterThan(5);
      const deadLettered = idsOf(dir, verdict.classes.deadLettered.file);
      expect(deadLettered).toHaveLength(dropped);
      expect(verdict.classes.delivered.count + deadLettered.length).toBe(200);
      // The destination holds invocation records (the ID under requestPayload); the DLQ the original events.
      const dlqs = Object.fromEntries(verdict.sources.dlqs.map((d) => [d.name, d.ofRun]));
      expect(dlqs["async-destination"]).toBe(dropped);
      expect(dlqs["async-dlq"]).toBe(dropped);
      // The report read the async metrics back from the local CloudWatch: a finding and its charts.
      const result = readJson<{ findings: Array<{ kind: string; received?: number }> }>(join(dir, "result.json"));
      const finding = result.findings.find((f) => f.kind === "asyncRetries");
      expect(finding?.received).toBeGreaterThan(0);
      const html = readFileSync(join(dir, "report.html"), "utf8");
      expect(html).toContain("chart-async-retries-0");
      expect(html).toContain("chart-async-age-0");
    } finally {
      await faults({ asyncErrorRate: 0 });
    }
  });
});
