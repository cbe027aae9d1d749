// A team's own asynchronously invoked function behind the local Invoke API: the lambda channel's events reach it in
// its worker processes, with retries around it, and the verifier reads the table it writes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Verdict } from "../../contracts/verdict.ts";
import { runCli } from "../support/cli.ts";
import { useLocalStack } from "../support/local-stack.ts";

const fixture = fileURLToPath(new URL("../fixtures/team-handlers/async-orders.ts", import.meta.url));

const config = `export default {
  runsDir: "runs",
  targets: {
    local: {
      kind: "local",
      asyncFunction: { timeScale: 0.005, concurrency: 4 },
      functions: { async: { handler: ${JSON.stringify(fixture)}, environment: { ORDERS_TABLE: "async-orders" } } },
      tables: [{ name: "async-orders", partitionKey: "orderId" }],
      sinks: [{ name: "orders", table: "async-orders", idAttribute: "orderId" }],
    },
  },
  scenarios: { invoke: { executor: "constant-arrival-rate", rate: 60, duration: "2s", channels: { lambda: 1 } } },
  drain: { timeout: "60s", settle: "1s" },
  gates: { maxLost: 0 },
};
`;

describe("a team's async function behind the Invoke API", () => {
  const { cwd } = useLocalStack("harness-async-team", config);

  it("runs in its workers under a function error rate and loses nothing", async () => {
    const status = await runCli(["local", "status"], { cwd });
    expect(status.stdout).toContain(`async     Invoke orders-async at http://127.0.0.1:`);
    expect(status.stdout).toContain(`the team's ${fixture}#handler`);
    expect((await runCli(["local", "fault", "asyncErrorRate=0.2"], { cwd })).code).toBe(0);
    const run = await runCli(["run", "--target", "local", "--scenario", "invoke"], { cwd, timeoutMs: 120_000 });
    expect(run.code, run.stderr).toBe(0);
    const verdict = JSON.parse(readFileSync(join(cwd, "runs", "latest", "verify.json"), "utf8")) as Verdict;
    expect(verdict.valid).toBe(true);
    expect(verdict.classes.delivered.count + verdict.classes.deadLettered.count).toBe(120);
    expect(verdict.classes.delivered.count).toBeGreaterThan(100);
    const json = JSON.parse((await runCli(["local", "status", "--json"], { cwd })).stdout) as {
      stats: Record<string, number>;
    };
    expect(json.stats["local:AsyncWorkers"]).toBeGreaterThan(0);
    expect(json.stats["AWS/Lambda:Errors"]).toBeGreaterThan(5);
  });
});
