// Safety rails judged on what will really be sent (issue 16 item 9): overrides first, VUs paced under maxRps, a whole
// certification suite before its first load.
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { memoryOutput } from "../../common/output.ts";
import { scenarioSchema } from "../../config/schema-scenario.ts";
import { validateConfig } from "../../config/validate.ts";
import type { ResolvedTarget } from "../../contracts/target.ts";
import type { LedgerSink } from "../../loadtests/engine/ledger-writer.ts";
import type { Message } from "../../loadtests/engine/message.ts";
import { epochNow, realClock } from "../../loadtests/engine/scheduler.ts";
import { startShard } from "../../loadtests/engine/shard.ts";
import { certifyCommand } from "../../runner/certify.ts";
import { planSuite } from "../../runner/certify-plan.ts";
import { SafetyError } from "../../runner/errors.ts";
import { planWithOverrides } from "../../runner/run.ts";

const config = validateConfig({
  targets: { slow: { kind: "local", maxRps: 10 } },
  scenarios: {
    twenty: { executor: "constant-arrival-rate", rate: 20, duration: "5s" },
    five: { executor: "constant-arrival-rate", rate: 5, duration: "5s" },
  },
});

const request = (scenario: string, rate?: string) => ({
  target: "slow",
  scenario,
  config: undefined,
  runsDir: undefined,
  rate,
  duration: undefined,
  confirmProduction: false,
  compare: undefined,
  segment: undefined,
});

describe("the maxRps rail after the overrides", () => {
  it("lets --rate bring a scenario above maxRps under it", () => {
    const planned = planWithOverrides(config, request("twenty", "5"));
    expect([planned.peakRps, planned.scenario]).toEqual([5, expect.objectContaining({ rate: 5 })]);
  });

  it("refuses --rate that takes a scenario under maxRps above it", () => {
    expect(() => planWithOverrides(config, request("five", "50"))).toThrow(/peaks at 50 requests\/s/);
  });
});

describe("a closed model against maxRps", () => {
  const target: ResolvedTarget = {
    name: "slow",
    kind: "local",
    environment: "local",
    maxRps: 20,
    aws: { region: "us-east-1" },
    http: { url: "http://127.0.0.1:9/x", method: "POST", headers: {}, bodyTemplate: "{{id}}", timeoutMs: 1000 },
    queues: [],
    sinks: [],
    dlqs: [],
    metrics: [],
  };

  it("is planned, and the engine paces its VUs so that together they send at most maxRps a second", async () => {
    const vus = validateConfig({
      targets: { slow: { kind: "local", maxRps: 20 } },
      scenarios: { vus: { executor: "constant-vus", vus: 4, duration: "1s" } },
    });
    expect(planWithOverrides(vus, request("vus")).peakRps).toBeUndefined();

    const sink: LedgerSink = { write: async () => undefined, close: async () => undefined };
    const now = epochNow;
    const shard = startShard(
      {
        runId: "r1",
        scenarioName: "vus",
        scenario: scenarioSchema.parse({ executor: "constant-vus", vus: 4, duration: "1s", gracefulStop: "1s" }),
        target,
        segment: null,
        worker: 0,
        workers: 1,
        name: "w0",
        startAt: now() + 10,
        reportEveryMs: 50,
      },
      {
        clock: realClock(now),
        sink,
        report: () => undefined,
        // A target that answers at once: unpaced, 4 VUs would send thousands of messages in a second.
        senders: ({ events }) => ({
          http: {
            send: (m: Message) => setImmediate(() => events.settle(m, 200, "acc", undefined)),
            flush() {},
            close: async () => undefined,
          },
        }),
      },
    );
    const result = await shard.done;
    // 20/s for 1 s: each VU sends at 0, 200, ... 800 ms; one more each is the margin for a timer firing early.
    expect(result.sent).toBeGreaterThanOrEqual(4);
    expect(result.sent).toBeLessThanOrEqual(24);
  });
});

describe("certify", () => {
  const suiteConfig = validateConfig({
    targets: { slow: { kind: "local", maxRps: 50 } },
    scenarios: { tiny: { executor: "constant-arrival-rate", rate: 30, duration: "3s" } },
    certify: {
      suite: [{ scenario: "tiny" }, { scenario: "tiny", rateMultiplier: 3 }, { scenario: "tiny", rateMultiplier: 2 }],
    },
  });

  it("judges every entry's rails before the first load, naming each refused entry", () => {
    const suite = suiteConfig.certify?.suite ?? [];
    expect(() => planSuite(suiteConfig, "slow", suite, false)).toThrow(SafetyError);
    expect(() => planSuite(suiteConfig, "slow", suite, false)).toThrow(
      /certify\.suite\[1\] \(tiny x3\): Scenario "tiny" peaks at 90 requests\/s[\s\S]*certify\.suite\[2\] \(tiny x2\): Scenario "tiny" peaks at 60/,
    );
    expect(planSuite(suiteConfig, "slow", suite.slice(0, 1), false).map((e) => [e.scenarioName, e.factor])).toEqual([
      ["tiny", 1],
    ]);
  });

  it("refuses the suite before any run directory exists", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "harness-certify-rails-"));
    writeFileSync(
      join(cwd, "harness.config.ts"),
      `export default {
  targets: { prod: { kind: "aws", region: "eu-west-1", environment: "test", maxRps: 50, endpoint: "http://127.0.0.1:9",
    sinks: [{ name: "s", table: "orders" }] } },
  scenarios: { tiny: { executor: "constant-arrival-rate", rate: 30, duration: "1s" } },
  certify: { suite: [{ scenario: "tiny" }, { scenario: "tiny", rateMultiplier: 3 }] },
};
`,
    );
    const output = memoryOutput();
    await expect(
      certifyCommand({ cwd, env: {}, output }, { target: "prod", config: undefined, confirmProduction: false }),
    ).rejects.toThrow(/certify\.suite\[1\]/);
    expect(existsSync(join(cwd, "runs"))).toBe(false);
  });
});
