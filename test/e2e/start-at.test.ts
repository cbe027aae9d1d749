// `--start-at`: three segments of one plan, three processes started at different moments, begin sending at the same
// instant (a spike split over hosts must not smear); a segment ready after the instant does not start (#15 item 6).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { newRunId } from "../../common/run-id.ts";
import type { LedgerRecord } from "../../contracts/ledger.ts";
import type { LoadSummary } from "../../contracts/load-summary.ts";
import { runCli } from "../support/cli.ts";
import { useLocalStack } from "../support/local-stack.ts";

const config = `export default {
  targets: { local: { kind: "local" } },
  scenarios: { steady: { executor: "constant-arrival-rate", rate: 90, duration: "2s" } },
  drain: { timeout: "60s", settle: "2s" },
};
`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The earliest send time of each segment's ledger files (prefix sIofN-). */
function firstSends(ledgerDir: string, count: number): number[] {
  return Array.from({ length: count }, (_, i) =>
    Math.min(
      ...readdirSync(ledgerDir)
        .filter((name) => name.startsWith(`s${i + 1}of${count}-`))
        .flatMap((name) =>
          readFileSync(join(ledgerDir, name), "utf8")
            .trim()
            .split("\n")
            .map((line) => JSON.parse(line) as LedgerRecord | { end: true })
            .filter((r): r is LedgerRecord => !("end" in r))
            .map((r) => r.ts),
        ),
    ),
  );
}

describe("--start-at", () => {
  const { cwd } = useLocalStack("harness-start-at", config);

  it("starts every segment at the same instant, though their processes started apart", async () => {
    const runId = newRunId();
    // The last process starts 3 s in; the 7 s after that are for it to get ready on a loaded machine.
    const startAt = Date.now() + 10_000;
    const segment = (i: number) =>
      runCli(
        [
          "run",
          "--target",
          "local",
          "--scenario",
          "steady",
          "--segment",
          `${i}/3`,
          "--run-id",
          runId,
          "--load-only",
        ].concat(["--start-at", new Date(startAt).toISOString()]),
        { cwd, timeoutMs: 120_000 },
      );
    // Started 1.5 s apart: without a shared instant their loads would be 1.5 s apart too.
    const runs = [segment(1)];
    await sleep(1_500);
    runs.push(segment(2));
    await sleep(1_500);
    runs.push(segment(3));
    for (const run of await Promise.all(runs)) expect(run.code, run.stderr).toBe(0);
    const firsts = firstSends(join(cwd, "runs", runId, "ledger"), 3);
    // A timer never fires early, so no segment sends before the instant; a loaded machine may wake a process late,
    // so the bound above is a margin (the goal is tens of ms; the processes would be 1,500 and 3,000 ms apart without it).
    for (const first of firsts) {
      expect(first).toBeGreaterThanOrEqual(startAt - 2);
      expect(first).toBeLessThan(startAt + 1_000);
    }
  }, 200_000);

  it("does not start a segment ready after the instant: exit 99, the reason in its load summary", async () => {
    const runId = newRunId();
    const run = await runCli(
      ["run", "--target", "local", "--scenario", "steady", "--segment", "1/2", "--run-id", runId, "--load-only"].concat(
        ["--start-at", new Date(Date.now() - 60_000).toISOString()],
      ),
      { cwd, timeoutMs: 120_000 },
    );
    expect(run.code, run.stderr).toBe(99);
    const summary = JSON.parse(
      readFileSync(join(cwd, "runs", runId, "load-summary.s1of2.json"), "utf8"),
    ) as LoadSummary;
    expect(summary.sent).toBe(0);
    expect(summary.aborted?.reason).toMatch(/^ready \d+ ms after --start-at .*: not started/);
  }, 200_000);
});
