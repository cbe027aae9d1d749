// The reference consumer spread over several processes (consumers.processes) keeps every semantic of the one-process
// consumer: the bug modes' harmed IDs are exactly what the verdict finds, and a consumer process killed mid-run is
// replaced with its batches retried, nothing lost.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { LoadSummary } from "../../contracts/load-summary.ts";
import type { Verdict } from "../../contracts/verdict.ts";
import { runCli } from "../support/cli.ts";
import { useLocalStack } from "../support/local-stack.ts";

const config = `export default {
  runsDir: "runs",
  targets: {
    local: {
      kind: "local",
      consumers: { batchSize: 10, maxConcurrency: 4, visibilityTimeoutSeconds: 2, processes: 2 },
      maxReceiveCount: 5,
    },
  },
  scenarios: {
    short: { executor: "constant-arrival-rate", rate: 100, duration: "2s" },
  },
  drain: { timeout: "60s", settle: "1s" },
  gates: { maxLost: 0, maxDuplicated: 0 },
};
`;

interface Status {
  harmed: Record<string, string[]>;
  stats: Record<string, number>;
  services: Array<{ name: string; pid: number }>;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;
const idsOf = (dir: string, file: string | undefined): string[] =>
  file === undefined ? [] : readFileSync(join(dir, file), "utf8").trim().split("\n").filter(Boolean).sort();

describe("the reference consumer in two processes", () => {
  const { cwd } = useLocalStack("harness-consumer-processes", config);
  const status = async (): Promise<Status> => {
    const out = await runCli(["local", "status", "--json"], { cwd });
    expect(out.code, out.stderr).toBe(0);
    return JSON.parse(out.stdout) as Status;
  };

  it("records the IDs each bug mode harmed, and the verdict finds exactly those", async () => {
    // One losing bug at a time: an ackBeforeWrite crash fails its whole batch, so a record silentDrop "handled" in the
    // same batch would come back and be written (harmed, yet delivered), with one process as with several.
    const fault = await runCli(["local", "fault", "silentDrop=0.03", "doubleWrite=0.03"], { cwd });
    expect(fault.code, fault.stderr).toBe(0);
    const run = await runCli(["run", "--target", "local", "--scenario", "short"], { cwd, timeoutMs: 120_000 });
    await runCli(["local", "fault", "silentDrop=0", "doubleWrite=0"], { cwd });
    expect(run.code, run.stderr).toBe(1);
    const dir = join(cwd, "runs", "latest");
    const verdict = readJson<Verdict>(join(dir, "verify.json"));
    const { harmed, stats } = await status();
    expect(stats["local:ConsumerProcesses"]).toBe(2);
    const ofRun = (ids: string[] | undefined) => (ids ?? []).filter((id) => id.startsWith(verdict.runId)).sort();
    const lost = ofRun(harmed.silentDrop);
    expect(lost.length).toBeGreaterThan(0);
    expect(idsOf(dir, verdict.classes.lost.file)).toEqual(lost);
    const doubled = ofRun(harmed.doubleWrite);
    expect(doubled.length).toBeGreaterThan(0);
    expect(idsOf(dir, verdict.classes.duplicated.file)).toEqual(doubled);
  });

  it("replaces a consumer process killed mid-run; its batches come back and nothing is lost", async () => {
    const before = await status();
    const lambdaPid = before.services.find((s) => s.name === "lambda")?.pid ?? 0;
    const run = runCli(["run", "--target", "local", "--scenario", "short"], { cwd, timeoutMs: 120_000 });
    await new Promise((r) => setTimeout(r, 2_000));
    const children = readFileSync(`/proc/${lambdaPid}/task/${lambdaPid}/children`, "utf8").trim().split(/\s+/);
    expect(children).toHaveLength(2);
    process.kill(Number(children[0]), "SIGKILL");
    const done = await run;
    expect(done.code, done.stderr).toBe(0);
    const dir = join(cwd, "runs", "latest");
    const verdict = readJson<Verdict>(join(dir, "verify.json"));
    const summary = readJson<LoadSummary>(join(dir, "load-summary.json"));
    expect(verdict.valid).toBe(true);
    expect(verdict.classes.lost.count).toBe(0);
    expect(verdict.classes.delivered.count).toBe(summary.acc);
    expect(summary.acc).toBe(200);
    const after = await status();
    expect(after.stats["local:ConsumerRestarts"]).toBe((before.stats["local:ConsumerRestarts"] ?? 0) + 1);
  });
});
