// DynamoDB Streams on the local target, as a user runs it: the sink's stream feeds the reference projection through
// Lambda's stream event source mapping; the verifier judges the chain orders -> projection. With no bug the run
// passes; with the skipRecord bug it exits 1 and the IDs lost at the projection are exactly those the app skipped.
// (The on-failure path is covered by unit tests of the mapping, the failure-record reader and the link's classes.)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { LoadSummary } from "../../contracts/load-summary.ts";
import type { Verdict } from "../../contracts/verdict.ts";
import { runCli } from "../support/cli.ts";
import { useLocalStack } from "../support/local-stack.ts";

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;
const lines = (dir: string, file: string | undefined): string[] =>
  file === undefined ? [] : readFileSync(join(dir, file), "utf8").trim().split("\n").filter(Boolean);

const config = `export default {
  runsDir: "runs",
  targets: {
    local: { kind: "local", stream: { batchSize: 25, maximumRetryAttempts: 0 } },
  },
  scenarios: {
    short: { executor: "constant-arrival-rate", rate: 50, duration: "1s" },
  },
  drain: { timeout: "30s", settle: "1s" },
  gates: { maxLost: 0 },
};
`;

async function control(cwd: string): Promise<{ harmed: Record<string, string[]>; stats: Record<string, number> }> {
  const status = await runCli(["local", "status", "--json"], { cwd });
  return JSON.parse(status.stdout) as { harmed: Record<string, string[]>; stats: Record<string, number> };
}

describe("a stream projection behind the sink", () => {
  const { cwd } = useLocalStack("harness-streams", config);
  const latest = () => {
    const dir = join(cwd, "runs", "latest");
    return {
      dir,
      verdict: readJson<Verdict>(join(dir, "verify.json")),
      summary: readJson<LoadSummary>(join(dir, "load-summary.json")),
    };
  };

  it("passes with no bug: every message reaches the sink and the projection once", async () => {
    const run = await runCli(["run", "--target", "local", "--scenario", "short"], { cwd, timeoutMs: 120_000 });
    expect(run.code, run.stderr).toBe(0);
    const { verdict, summary } = latest();
    expect(verdict.valid).toBe(true);
    const link = verdict.chain?.links[0];
    expect(link?.sink).toBe("projection");
    expect(link?.after).toBe("orders");
    expect(link?.valid).toBe(true);
    expect(link?.expected).toBe(summary.acc);
    expect(link?.classes.delivered.count).toBe(summary.acc);
    expect(link?.classes.lost.count).toBe(0);
  });

  it("with the skipRecord bug, exits 1 and names exactly the skipped IDs as lost at the projection", async () => {
    expect((await runCli(["local", "fault", "skipRecord=0.2"], { cwd })).code).toBe(0);
    const run = await runCli(["run", "--target", "local", "--scenario", "short"], { cwd, timeoutMs: 120_000 });
    await runCli(["local", "fault", "skipRecord=0"], { cwd });
    expect(run.code, run.stderr).toBe(1);
    const { dir, verdict, summary } = latest();
    expect(verdict.valid).toBe(false);
    expect(verdict.classes.delivered.count).toBe(summary.acc); // the sink itself got everything
    const link = verdict.chain?.links[0];
    const lost = lines(dir, link?.classes.lost.file);
    const skipped = ((await control(cwd)).harmed.skipRecord ?? []).filter((id) => id.startsWith(`${verdict.runId}-`));
    expect(skipped.length).toBeGreaterThan(0);
    expect(lost).toEqual([...skipped].sort((a, b) => a.localeCompare(b, "en", { numeric: true })));
    expect(link?.classes.delivered.count).toBe(summary.acc - skipped.length);
    expect(run.stdout).toContain("lost at projection");
    // Re-verified from disk and the live target: the same IDs, lost at the same link.
    const again = await runCli(["verify", "--run", "latest"], { cwd, timeoutMs: 60_000 });
    expect(again.code, again.stderr).toBe(1);
    const reverified = latest();
    expect(lines(reverified.dir, reverified.verdict.chain?.links[0]?.classes.lost.file)).toEqual(lost);
  });
});
