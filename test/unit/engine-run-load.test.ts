// runLoad's edges: config problems fail before anything starts (exit 4), and an already-aborted run sends nothing
// but still leaves a complete (empty) ledger.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { memoryOutput } from "../../common/output.ts";
import { scenarioSchema } from "../../config/schema-scenario.ts";
import type { ResolvedTarget } from "../../contracts/target.ts";
import { ChannelConfigError, PayloadError, ThresholdConfigError } from "../../loadtests/engine/errors.ts";
import { runLoad } from "../../loadtests/engine/index.ts";

const target: ResolvedTarget = {
  name: "nowhere",
  kind: "local",
  environment: "local",
  maxRps: 100,
  aws: { region: "us-east-1" },
  // Port 9 (discard) on loopback: nothing is sent in these tests, and nothing listens there anyway.
  http: { url: "http://127.0.0.1:9/x", method: "POST", headers: {}, bodyTemplate: "{}", timeoutMs: 100 },
  queues: [],
  sinks: [],
  dlqs: [],
  metrics: [],
};
const base = { runId: "r", scenarioName: "s", target, output: memoryOutput(), workers: 0, handleSigint: false };

describe("runLoad", () => {
  it("refuses a threshold on an unknown metric before anything runs", async () => {
    const ledgerDir = join(mkdtempSync(join(tmpdir(), "engine-unit-")), "ledger");
    // Validation refuses this metric now (config-validate.test.ts); the engine still refuses it on its own.
    const scenario = {
      ...scenarioSchema.parse({ executor: "constant-arrival-rate", rate: 1, duration: "1s" }),
      thresholds: { http_reqs: ["count>1"] },
    };
    await expect(runLoad({ ...base, scenario, ledgerDir })).rejects.toBeInstanceOf(ThresholdConfigError);
  });

  it("refuses a weighted channel the target does not have", async () => {
    const ledgerDir = join(mkdtempSync(join(tmpdir(), "engine-unit-")), "ledger");
    const scenario = scenarioSchema.parse({
      executor: "constant-arrival-rate",
      rate: 1,
      duration: "1s",
      channels: { http: 1, sqs: 1 },
    });
    const attempt = runLoad({ ...base, scenario, ledgerDir });
    await expect(attempt).rejects.toBeInstanceOf(ChannelConfigError);
    await expect(attempt).rejects.toMatchObject({ exitCode: 4 });
  });

  it.each([
    [
      "headers on a scenario that also sends on sqs",
      "{ body: {}, headers: { 'Idempotency-Key': 'k' } }",
      /sends on sqs, which carry none/,
    ],
    [
      "a bad header on message 0",
      "{ body: {}, headers: { 'Idempotency-Key': 'a\\nb' } }",
      /message 0: payload header "Idempotency-Key" holds a line break/,
    ],
  ])("refuses a payload that returns %s before anything runs (exit 4)", async (_what, returned, reason) => {
    const dir = mkdtempSync(join(tmpdir(), "engine-unit-"));
    const payload = join(dir, "p.ts");
    writeFileSync(payload, `export default () => (${returned});\n`);
    const scenario = scenarioSchema.parse({
      executor: "constant-arrival-rate",
      rate: 1,
      duration: "1s",
      channels: { http: 1, sqs: 1 },
      payload,
    });
    const withSqs = { ...target, sqs: { queueUrl: "http://127.0.0.1:9/000000000000/q" } };
    const attempt = runLoad({ ...base, target: withSqs, scenario, ledgerDir: join(dir, "ledger") });
    await expect(attempt).rejects.toBeInstanceOf(PayloadError);
    await expect(attempt).rejects.toThrow(reason);
    await expect(attempt).rejects.toMatchObject({ exitCode: 4 });
    expect(existsSync(join(dir, "ledger"))).toBe(false);
  });

  it("an already-aborted signal sends nothing and closes an empty, complete ledger", async () => {
    const ledgerDir = mkdtempSync(join(tmpdir(), "engine-unit-"));
    const scenario = scenarioSchema.parse({ executor: "constant-arrival-rate", rate: 10, duration: "1s" });
    const summary = await runLoad({ ...base, scenario, ledgerDir, signal: AbortSignal.abort() });
    expect(summary).toMatchObject({ sent: 0, interrupted: true, plannedArrivals: 10 });
    expect(readdirSync(ledgerDir)).toEqual(["w0.ndjson"]);
    expect(JSON.parse(readFileSync(join(ledgerDir, "w0.ndjson"), "utf8"))).toEqual({
      end: true,
      worker: "w0",
      count: 0,
      acc: 0,
      rej: 0,
      unk: 0,
    });
  });
});
