// A team's own SQS consumer in the local target, as a team runs it: a planted loss named ID by ID, an idempotent
// consumer that absorbs redeliveries under consumer-error chaos, and handlers that cannot load refused at `up`.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { LoadSummary } from "../../contracts/load-summary.ts";
import type { Verdict } from "../../contracts/verdict.ts";
import { runCli } from "../support/cli.ts";
import { useLocalStack } from "../support/local-stack.ts";

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/team-handlers/${name}`, import.meta.url));
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;

const scenarios = `scenarios: {
    short: { executor: "constant-arrival-rate", rate: 200, duration: "1.5s" },
  },
  drain: { timeout: "60s", settle: "2s" },
  gates: { maxLost: 0, maxDuplicated: 0 },`;

const lossyConfig = `export default {
  runsDir: "runs",
  targets: {
    local: {
      kind: "local",
      consumers: { batchSize: 10, maxConcurrency: 3, visibilityTimeoutSeconds: 5 },
      functions: {
        consumer: { handler: ${JSON.stringify(fixture("lossy-consumer.ts"))}, environment: { ORDERS_TABLE: "team-orders" } },
      },
      tables: [{ name: "team-orders", partitionKey: "pk" }],
      sinks: [{ name: "orders", table: "team-orders", idAttribute: "pk", idRegex: "^ORDER#(.+)$" }],
    },
  },
  ${scenarios}
};
`;

const idempotentConfig = `export default {
  runsDir: "runs",
  targets: {
    local: {
      kind: "local",
      consumers: { batchSize: 10, maxConcurrency: 3, visibilityTimeoutSeconds: 2 },
      maxReceiveCount: 20,
      functions: {
        consumer: { handler: ${JSON.stringify(`${fixture("idempotent-consumer.cjs")}#consume`)}, timeoutSeconds: 2,
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
  ${scenarios}
};
`;

const misbehavingConfig = `export default {
  runsDir: "runs",
  targets: {
    local: {
      kind: "local",
      consumers: { batchSize: 1, maxConcurrency: 5, visibilityTimeoutSeconds: 2 },
      maxReceiveCount: 2,
      functions: { consumer: { handler: ${JSON.stringify(fixture("misbehaving-consumer.ts"))}, timeoutSeconds: 1 } },
      tables: [{ name: "misbehaving-orders", partitionKey: "orderId" }],
      sinks: [{ name: "orders", table: "misbehaving-orders", idAttribute: "orderId" }],
    },
  },
  scenarios: { short: { executor: "constant-arrival-rate", rate: 40, duration: "2s" } },
  drain: { timeout: "90s", settle: "3s" },
  gates: { maxLost: 0 },
};
`;

const orderNumber = (id: string) => Number(id.slice(id.lastIndexOf("-") + 1));

function idsOf(dir: string, file: string | undefined): string[] {
  if (file === undefined) return [];
  return readFileSync(join(dir, file), "utf8").trim().split("\n").filter(Boolean);
}

describe("a team's consumer with a planted bug", () => {
  const { cwd } = useLocalStack("harness-team-lossy", lossyConfig);

  it("the run names exactly the IDs the bug dropped as lost", async () => {
    const status = await runCli(["local", "status"], { cwd });
    expect(status.stdout).toContain(`consumer  the team's ${fixture("lossy-consumer.ts")}#handler (timeout 3 s)`);
    const run = await runCli(["run", "--target", "local", "--scenario", "short"], { cwd, timeoutMs: 180_000 });
    expect(run.code, run.stderr).toBe(1);
    const dir = join(cwd, "runs", "latest");
    const verdict = readJson<Verdict>(join(dir, "verify.json"));
    const summary = readJson<LoadSummary>(join(dir, "load-summary.json"));
    const lost = idsOf(dir, verdict.classes.lost.file);
    const delivered = idsOf(dir, verdict.classes.delivered.file);
    expect(summary.acc).toBeGreaterThan(200);
    expect(lost.length + delivered.length).toBe(summary.acc);
    // Every seventh order and nothing else: the lost list is exactly the accepted IDs the bug skipped.
    expect(lost.filter((id) => orderNumber(id) % 7 !== 0)).toEqual([]);
    expect(delivered.filter((id) => orderNumber(id) % 7 === 0)).toEqual([]);
    expect(lost.length).toBeGreaterThan(20);
    expect(verdict.classes.lost.count).toBe(lost.length);
  });
});

describe("a team's idempotent consumer under consumer-error chaos", () => {
  const { cwd } = useLocalStack("harness-team-idem", idempotentConfig);

  it("loses nothing and absorbs every redelivery", async () => {
    // Some 28 % of deliveries fail (about 115 failed records in 300 messages); heavier chaos proves no more and
    // stretches the drain with the longest chain of redeliveries (each one a visibility timeout).
    const faults = await runCli(["local", "fault", "consumerErrorRate=0.15", "consumerErrorAfterRate=0.15"], { cwd });
    expect(faults.code, faults.stderr).toBe(0);
    const run = await runCli(["run", "--target", "local", "--scenario", "short"], { cwd, timeoutMs: 180_000 });
    expect(run.code, run.stderr).toBe(0);
    const dir = join(cwd, "runs", "latest");
    const verdict = readJson<Verdict>(join(dir, "verify.json"));
    const summary = readJson<LoadSummary>(join(dir, "load-summary.json"));
    expect(verdict.valid).toBe(true);
    expect(verdict.classes.lost.count).toBe(0);
    expect(verdict.classes.duplicated.count).toBe(0);
    expect(verdict.classes.delivered.count).toBe(summary.acc);
    // Redeliveries did happen: records failed after the handler had written them came back to it.
    const status = await runCli(["local", "status", "--json"], { cwd });
    const stats = (JSON.parse(status.stdout) as { stats: Record<string, number> }).stats;
    expect(stats["local:RecordsFailed"]).toBeGreaterThan(20);
  });
});

describe("a team's consumer that times out or answers malformed batchItemFailures", () => {
  const { cwd } = useLocalStack("harness-team-misbehaving", misbehavingConfig);

  it("retries those messages and dead-letters them: each accounted for, nothing lost", async () => {
    const run = await runCli(["run", "--target", "local", "--scenario", "short"], { cwd, timeoutMs: 180_000 });
    const dir = join(cwd, "runs", "latest");
    const verdict = readJson<Verdict>(join(dir, "verify.json"));
    const summary = readJson<LoadSummary>(join(dir, "load-summary.json"));
    expect(verdict.classes.lost.count, run.stderr).toBe(0);
    const deadLettered = idsOf(dir, verdict.classes.deadLettered.file);
    const delivered = idsOf(dir, verdict.classes.delivered.file);
    expect(deadLettered.length + delivered.length).toBe(summary.acc);
    expect(deadLettered.filter((id) => !/[35]$/.test(id))).toEqual([]);
    expect(delivered.filter((id) => /[35]$/.test(id))).toEqual([]);
    expect(deadLettered.length).toBeGreaterThan(10);
    // The lambda log says why each invocation failed.
    const log = readFileSync(join(cwd, ".harness", "local", "lambda.log"), "utf8");
    expect(log).toContain("Task timed out after 1.00 seconds");
    expect(log).toContain("malformed batchItemFailures");
  });
});

describe("a handler that cannot load, or a bug mode with it, is refused at `local up` (exit 4)", () => {
  const badConfig = (handler: string) => `export default {
  targets: { local: { kind: "local",
    functions: { consumer: { handler: ${JSON.stringify(handler)} } },
    sinks: [{ name: "s", table: "t-orders" }] } },
};
`;
  it.each([
    ["a missing module", fixture("no-such-consumer.ts"), "no such file"],
    ["a missing export", `${fixture("lossy-consumer.ts")}#consume`, 'no function export "consume"'],
    ["a module that throws at import", fixture("throws-at-import.ts"), "REQUIRED_TABLE is not set"],
  ])("%s", async (_label, handler, reason) => {
    const cwd = mkdtempSync(join(tmpdir(), "harness-team-bad-"));
    writeFileSync(join(cwd, "harness.config.ts"), badConfig(handler));
    const up = await runCli(["local", "up"], { cwd });
    expect(up.code, up.stderr).toBe(4);
    const file = handler.split("#")[0] ?? "";
    expect(up.stderr).toContain(file);
    expect(up.stderr).toContain(reason);
    await runCli(["local", "down"], { cwd });
  });

  it("refuses the reference consumer's bug modes, which would do nothing to the team's", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "harness-team-bug-"));
    writeFileSync(join(cwd, "harness.config.ts"), lossyConfig);
    const up = await runCli(["local", "up", "--bug", "silentDrop=0.1"], { cwd });
    expect(up.code, up.stderr).toBe(4);
    expect(up.stderr).toContain("silentDrop is a bug mode of the reference consumer");
    await runCli(["local", "down"], { cwd });
  });
});
