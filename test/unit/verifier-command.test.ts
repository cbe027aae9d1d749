// `harness verify` entry: run resolution and flag errors with their exit codes, the printed table, the exit mapping.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { memoryOutput } from "../../common/output.ts";
import { type MessageClass, messageClasses, type Verdict } from "../../contracts/verdict.ts";
import { exitCodeOf, verifyCommand } from "../../verifier/command.ts";
import { formatVerdict } from "../../verifier/table.ts";

const request = { run: "latest", drainTimeout: undefined, ledgers: undefined, config: undefined, runsDir: undefined };

function runsWith(plan: string | undefined): string {
  const runsDir = mkdtempSync(join(tmpdir(), "verifier-cmd-"));
  mkdirSync(join(runsDir, "r1", "ledger"), { recursive: true });
  if (plan !== undefined) writeFileSync(join(runsDir, "r1", "plan.json"), plan);
  return runsDir;
}

describe("verifyCommand", () => {
  it("a run that does not exist is a usage error (exit 4)", async () => {
    const runsDir = runsWith(undefined);
    await expect(
      verifyCommand({ cwd: runsDir, env: {}, output: memoryOutput() }, { ...request, run: "nope", runsDir }),
    ).rejects.toMatchObject({ name: "RunNotFoundError", exitCode: 4 });
  });

  it.each([
    ["missing", undefined],
    ["not JSON", "{"],
    ["not a plan", '{"schemaVersion":2}'],
  ])("a run whose plan.json is %s cannot be verified (exit 4)", async (_name, plan) => {
    const runsDir = runsWith(plan);
    await expect(
      verifyCommand({ cwd: runsDir, env: {}, output: memoryOutput() }, { ...request, run: "r1", runsDir }),
    ).rejects.toMatchObject({ name: "PlanUnreadableError", exitCode: 4 });
  });

  it("a --drain-timeout that is not a duration is a usage error (exit 4), before anything is contacted", async () => {
    const runsDir = runsWith(JSON.stringify({ schemaVersion: 1, runId: "r1", target: {}, drain: { timeoutMs: 0 } }));
    await expect(
      verifyCommand(
        { cwd: runsDir, env: {}, output: memoryOutput() },
        { ...request, run: "r1", runsDir, drainTimeout: "soon" },
      ),
    ).rejects.toMatchObject({ name: "VerifyUsageError", exitCode: 4 });
  });
});

describe("exit codes and the printed table", () => {
  it("maps valid true/false/unknown to 0/1/2", () => {
    expect([exitCodeOf(true), exitCodeOf(false), exitCodeOf("unknown")]).toEqual([0, 1, 2]);
  });

  it("prints the non-empty classes, latency, the verdict and its reasons", () => {
    const count: Partial<Record<MessageClass, number>> = { delivered: 98, lost: 2 };
    const verdict = {
      runId: "r1",
      valid: false,
      reasons: ["2 accepted message(s) found in no sink, DLQ or queue: lost"],
      totals: { ledger: 100, accepted: 100, rejected: 0, unknown: 0, sinkItems: 98, dlqMessages: 0 },
      classes: Object.fromEntries(messageClasses.map((c) => [c, { count: count[c] ?? 0, sample: [] }])),
      e2eLatency: { count: 98, p50: 12, p90: 30, p95: 41, p99: 80, max: 95 },
    } as unknown as Verdict;
    expect(formatVerdict(verdict, "runs/r1/verify.json")).toBe(
      [
        "Run r1: 100 message(s) in the ledger (accepted 100, rejected 0, unknown 0)",
        "",
        "  class                      count",
        "  delivered                     98",
        "  lost                           2",
        "",
        "End-to-end latency (ms): p50 12, p95 41, p99 80, max 95",
        "Verdict: valid false",
        "  - 2 accepted message(s) found in no sink, DLQ or queue: lost",
        "Written: runs/r1/verify.json",
      ].join("\n"),
    );
  });
});
