// A team's own DynamoDB Streams consumer behind the local stream event source mapping: it gets the real event shape,
// writes its own view table, and the verifier judges that table as a chained sink of the orders sink.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { LoadSummary } from "../../contracts/load-summary.ts";
import type { Verdict } from "../../contracts/verdict.ts";
import { runCli } from "../support/cli.ts";
import { useLocalStack } from "../support/local-stack.ts";

const fixture = fileURLToPath(new URL("../fixtures/team-handlers/stream-projector.ts", import.meta.url));
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;

const config = `export default {
  runsDir: "runs",
  targets: {
    local: {
      kind: "local",
      stream: { batchSize: 20, reportBatchItemFailures: true },
      functions: {
        streamConsumer: { handler: ${JSON.stringify(`${fixture}#project`)}, environment: { VIEW_TABLE: "team-order-view" } },
      },
      tables: [{ name: "team-order-view", partitionKey: "viewKey" }],
      sinks: [
        { name: "orders", table: "orders-sink", idAttribute: "id", runPartition: { attribute: "runId", value: "{runId}" } },
        { name: "view", table: "team-order-view", idAttribute: "viewKey", idRegex: "^VIEW#(.+)$", after: "orders" },
      ],
    },
  },
  scenarios: { short: { executor: "constant-arrival-rate", rate: 50, duration: "1s" } },
  drain: { timeout: "30s", settle: "1s" },
  gates: { maxLost: 0 },
};
`;

describe("a team's stream consumer", () => {
  const { cwd } = useLocalStack("harness-streams-team", config);

  it("runs behind the mapping and its view table holds every message once", async () => {
    const status = await runCli(["local", "status"], { cwd });
    expect(status.stdout).toContain(`streamConsumer  the team's ${fixture}#project`);
    const run = await runCli(["run", "--target", "local", "--scenario", "short"], { cwd, timeoutMs: 120_000 });
    expect(run.code, run.stderr).toBe(0);
    const dir = join(cwd, "runs", "latest");
    const verdict = readJson<Verdict>(join(dir, "verify.json"));
    const summary = readJson<LoadSummary>(join(dir, "load-summary.json"));
    expect(verdict.valid).toBe(true);
    const link = verdict.chain?.links[0];
    expect(link?.sink).toBe("view");
    expect(link?.classes.delivered.count).toBe(summary.acc);
    expect(link?.classes.lost.count).toBe(0);
    const log = readFileSync(join(cwd, ".harness", "local", "lambda.log"), "utf8");
    expect(log).toContain(`the team's project from ${fixture}`);
  });
});
