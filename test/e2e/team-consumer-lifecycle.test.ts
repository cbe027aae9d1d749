// The team's consumer on a running local stack, as a user drives it: the reference consumer's bug modes are refused
// (they would do nothing to the team's code), a chaos step's consumer errors apply around the team's handler and are
// absorbed, and idle workers are retired so the next invocation cold-starts, counted in CloudWatch.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { describe, expect, it } from "vitest";
import { createAwsClients } from "../../aws/clients.ts";
import type { LoadSummary } from "../../contracts/load-summary.ts";
import type { ResolvedTarget } from "../../contracts/target.ts";
import type { Verdict } from "../../contracts/verdict.ts";
import { runCli } from "../support/cli.ts";
import { useLocalStack } from "../support/local-stack.ts";

const consumer = fileURLToPath(new URL("../fixtures/team-handlers/idempotent-consumer.cjs", import.meta.url));

const config = `export default {
  runsDir: "runs",
  targets: {
    local: {
      kind: "local",
      consumers: { batchSize: 10, maxConcurrency: 3, visibilityTimeoutSeconds: 1 },
      maxReceiveCount: 20,
      functions: {
        consumer: { handler: ${JSON.stringify(`${consumer}#consume`)}, timeoutSeconds: 1, idleTimeout: "1s",
                    environment: { LEDGER_TABLE: "ledger" } },
      },
      tables: [{ createTable: {
        TableName: "ledger",
        AttributeDefinitions: [{ AttributeName: "tenant", AttributeType: "S" }, { AttributeName: "orderKey", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "tenant", KeyType: "HASH" }, { AttributeName: "orderKey", KeyType: "RANGE" }],
      } }],
      sinks: [{ name: "ledger", table: "ledger", idAttribute: "orderKey", idRegex: "^o#(.+)$", attemptsAttribute: "writes",
                runPartition: { attribute: "tenant", value: "acme" } }],
    },
  },
  scenarios: {
    chaos: { executor: "constant-arrival-rate", rate: 60, duration: "2s",
             chaos: [{ at: "0s", duration: "2s", action: "fault", params: { consumerErrorRate: 0.5 } }] },
    buggy: { executor: "constant-arrival-rate", rate: 10, duration: "1s",
             chaos: [{ at: "0s", duration: "1s", action: "fault", params: { silentDrop: 0.5 } }] },
  },
  drain: { timeout: "60s", settle: "1s" },
  gates: { maxLost: 0, maxDuplicated: 0 },
};
`;

interface Status {
  bugs: Record<string, number>;
  stats: Record<string, number>;
  target: ResolvedTarget;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;

describe("the team's consumer on a running local stack", () => {
  const { cwd } = useLocalStack("harness-team-life", config);
  const status = async (): Promise<Status> => {
    const out = await runCli(["local", "status", "--json"], { cwd });
    expect(out.code, out.stderr).toBe(0);
    return JSON.parse(out.stdout) as Status;
  };
  // Polled straight from the control endpoint `local status` reads (a CLI process per poll would cost seconds).
  const control = async (url: string): Promise<Status> => {
    const res = await fetch(`${url}/control`);
    return { ...((await res.json()) as Omit<Status, "target">), target: {} as ResolvedTarget };
  };
  const waitFor = async (url: string, what: string, check: (s: Status) => boolean, ms: number): Promise<Status> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const s = await control(url);
      if (check(s)) return s;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(s.stats)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  it("refuses the reference consumer's bug modes at `local fault`, at the control endpoint and in a chaos step", async () => {
    const fault = await runCli(["local", "fault", "silentDrop=0.1"], { cwd });
    expect(fault.code, fault.stderr).toBe(4);
    expect(fault.stderr).toContain("silentDrop is a bug mode of the reference consumer");
    expect(fault.stderr).toContain("Plant the bug in your handler");
    const before = await status();
    expect(before.bugs.silentDrop).toBe(0);
    // Straight at the endpoint (what a script or the chaos schedule calls): refused, nothing changed.
    const url = before.target.control?.url ?? "";
    const res = await fetch(`${url}/control`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ackBeforeWrite: 0.5, consumerLatencyMs: 5 }),
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain("ackBeforeWrite");
    const after = await control(url);
    expect(after.bugs.ackBeforeWrite).toBe(0);
    const run = await runCli(["run", "--target", "local", "--scenario", "buggy"], { cwd, timeoutMs: 60_000 });
    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toContain("silentDrop: a bug mode, not a fault");
  });

  it("absorbs a chaos step's consumer errors around the team's handler, then retires idle workers", async () => {
    const run = await runCli(["run", "--target", "local", "--scenario", "chaos"], { cwd, timeoutMs: 120_000 });
    expect(run.code, run.stderr).toBe(0);
    const dir = join(cwd, "runs", "latest");
    const verdict = readJson<Verdict>(join(dir, "verify.json"));
    const summary = readJson<LoadSummary>(join(dir, "load-summary.json"));
    expect(verdict.valid).toBe(true);
    expect(verdict.classes.lost.count).toBe(0);
    expect(verdict.classes.delivered.count).toBe(summary.acc);
    expect(summary.acc).toBe(120);
    const warm = await status();
    const url = warm.target.control?.url ?? "";
    expect(warm.stats["local:RecordsFailed"]).toBeGreaterThan(0);
    const started = warm.stats["local:ColdStarts"] ?? 0;
    expect(started).toBeGreaterThan(0);
    // Idle past the 1 s timeout: every worker is retired.
    const idle = await waitFor(url, "idle workers retired", (s) => s.stats["local:Workers"] === 0, 10_000);
    expect(idle.stats["local:WorkersRetired"]).toBe(idle.stats["local:ColdStarts"]);
    // The next invocation cold-starts a new worker.
    const post = await fetch(warm.target.http?.url ?? "", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id: "after-idle-1", sentAt: Date.now() }),
    });
    expect(post.status).toBe(200);
    const cold = await waitFor(
      url,
      "a cold start after the idle period",
      (s) => (s.stats["local:ColdStarts"] ?? 0) > (idle.stats["local:ColdStarts"] ?? 0),
      10_000,
    );
    expect(cold.stats["local:ColdStarts"]).toBe((idle.stats["local:ColdStarts"] ?? 0) + 1);
    // Where the app's metrics go: CloudWatch, under the report's query for cold starts.
    const query = warm.target.metrics?.find((m) => m.id === "lambdaColdStarts");
    expect(query).toBeDefined();
    const cloudwatch = createAwsClients(warm.target.aws).cloudwatch;
    const sum = async () => {
      const data = await cloudwatch.send(
        new GetMetricDataCommand({
          StartTime: new Date(Date.now() - 10 * 60_000),
          EndTime: new Date(Date.now() + 60_000),
          MetricDataQueries: [
            {
              Id: "cold",
              MetricStat: {
                Metric: {
                  Namespace: query?.namespace,
                  MetricName: query?.metricName,
                  Dimensions: Object.entries(query?.dimensions ?? {}).map(([Name, Value]) => ({ Name, Value })),
                },
                Period: 60,
                Stat: "Sum",
              },
            },
          ],
        }),
      );
      return (data.MetricDataResults?.[0]?.Values ?? []).reduce((a, b) => a + b, 0);
    };
    const deadline = Date.now() + 12_000;
    let published = await sum();
    while (published < (cold.stats["local:ColdStarts"] ?? 0) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      published = await sum();
    }
    expect(published).toBe(cold.stats["local:ColdStarts"]);
  });
});
