// `harness run` against a pipeline it was not written for (test/fixtures/pipeline): another API shape and key scheme,
// EventBridge-shaped DLQ bodies, asynchronous writes and planted anomalies of every class; the verdict must give
// every ID the class the fixture's own record says, at a normal load and at an overload that times out some requests.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MessageClass, messageClasses, type Verdict } from "../../contracts/verdict.ts";
import { answeredClass, ghostOf, type Planted } from "../fixtures/pipeline/plant.ts";
import { runCli } from "../support/cli.ts";
import {
  type FixturePipeline,
  fixtureSettings,
  fixtureTruth,
  startFixturePipeline,
} from "../support/fixture-pipeline.ts";

/**
 * The client's timeout. The fixture answers a request younger than 600 ms when a worker takes it, and never one older
 * than 1 s: it answers in time or not at all (it holds a request it will not answer until the client gives up).
 */
const timeoutMs = 1_500;

const config = (p: FixturePipeline) => `export default {
  runsDir: "runs",
  targets: {
    fixture: {
      kind: "aws", environment: "test", region: "us-east-1", maxRps: 200,
      endpoints: { sqs: "${p.sqs}", dynamodb: "${p.dynamodb}" },
      http: {
        url: "${p.api}/v2/orders", method: "PUT", timeoutMs: ${timeoutMs},
        headers: { "x-client": "harness" },
        bodyTemplate: '{"order":{"ref":"{{id}}","placedAt":{{sentAt}}}}',
      },
      queues: [{ name: "orders-in", queueUrl: "${p.queueUrl}" }],
      sinks: [{
        name: "orders", table: "${p.table}", idAttribute: "pk", idRegex: "^MSG#(.+)$",
        sentAtAttribute: "placedAt", processedAtAttribute: "processedAt", scanSegments: 2,
      }],
      dlqs: [{ name: "orders-dlq", queueUrl: "${p.dlqUrl}", idPath: "detail.orderRef" }],
    },
  },
  defaultTarget: "fixture",
  scenarios: {
    steady: { executor: "constant-arrival-rate", rate: 80, duration: "4s", maxInFlight: 1000 },
    overload: { executor: "constant-arrival-rate", rate: 48, duration: "10s", maxInFlight: 1000 },
  },
  drain: { timeout: "30s", settle: "2s" },
};
`;

/** Fixed, non-secret keys for the emulators, through the default provider chain as a user's would come. */
const env = { AWS_ACCESS_KEY_ID: "fixture", AWS_SECRET_ACCESS_KEY: "fixture", AWS_ENDPOINT_URL: "" };

function verdictClasses(dir: string, verdict: Verdict): Record<string, MessageClass> {
  const classes: Record<string, MessageClass> = {};
  for (const c of messageClasses) {
    const file = verdict.classes[c].file;
    if (file === undefined) continue;
    for (const id of readFileSync(join(dir, file), "utf8").split("\n")) if (id !== "") classes[id] = c;
  }
  return classes;
}

function counts(classes: Record<string, string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of Object.values(classes)) out[c] = (out[c] ?? 0) + 1;
  return out;
}

describe("harness run against the fixture pipeline", () => {
  const cwd = mkdtempSync(join(tmpdir(), "harness-fixture-"));
  let pipeline: FixturePipeline;
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const started = await startFixturePipeline(mkdtempSync(join(tmpdir(), "harness-fixture-state-")));
    pipeline = started.pipeline;
    stop = started.stop;
    writeFileSync(join(cwd, "harness.config.ts"), config(pipeline));
  });
  afterAll(async () => {
    await stop?.();
  });

  async function runAndCompare(scenario: string) {
    const result = await runCli(["run", "--scenario", scenario], { cwd, env, timeoutMs: 100_000 });
    const dir = join(cwd, "runs", "latest");
    const verdict = JSON.parse(readFileSync(join(dir, "verify.json"), "utf8")) as Verdict;
    const truth = await fixtureTruth(pipeline, verdict.runId);
    const sent = Object.keys(truth.planted);

    // ID by ID, then the counts verify.json reports.
    expect(verdictClasses(dir, verdict)).toEqual(truth.truth);
    expect(Object.fromEntries(messageClasses.map((c) => [c, verdict.classes[c].count]))).toEqual({
      ...Object.fromEntries(messageClasses.map((c) => [c, 0])),
      ...counts(truth.truth),
    });
    expect(verdict.totals.ledger).toBe(sent.length);
    // The fixture's own check: an ID answered in time got the class planted on it (and its ghost, when it had one).
    const late = new Set(truth.late);
    const planned: Record<string, string> = {};
    for (const id of sent) {
      const planted = truth.planted[id] as Planted;
      if (!late.has(id)) planned[id] = answeredClass(planted);
      if (planted === "unexpected") planned[ghostOf(id)] = "unexpected";
    }
    expect(Object.fromEntries(Object.entries(truth.truth).filter(([id]) => planned[id] !== undefined))).toEqual(
      planned,
    );
    return { result, dir, verdict, truth, sent };
  }

  it("gives every ID at a normal load the class the fixture planted and recorded", async () => {
    const { result, dir, verdict, truth, sent } = await runAndCompare("steady");

    // Every planted class shows (about 13 of each in 320 messages); the API answers all but the planted timeouts.
    expect(Object.keys(counts(truth.truth)).sort()).toEqual(messageClasses.filter((c) => c !== "inFlight").sort());
    expect(truth.late.length).toBeLessThan(sent.length * 0.05);
    expect(verdict.valid).toBe(false);
    // Loss was planted: the default gate fails the run. No CloudWatch is configured, and the run still reports.
    expect(result.code, result.stderr).toBe(1);
    const metrics = JSON.parse(readFileSync(join(dir, "metrics.json"), "utf8")) as { series: unknown[]; problems: [] };
    expect(metrics).toMatchObject({ series: [], problems: [] });
    expect(readFileSync(join(dir, "summary.md"), "utf8")).toContain("lost");
    expect(readFileSync(join(dir, "report.html"), "utf8")).toContain(verdict.runId);
  });

  it("gives every ID the truth at an overload where about a tenth of the requests time out", async () => {
    // 4 workers of 100 ms each answer 40/s; at 48/s the wait grows until requests pass the answer deadline (after
    // about 3 s), and from then on about one request in six is not answered.
    await fixtureSettings(pipeline, { workers: 4, serviceMs: 100 });
    const { result, verdict, truth, sent } = await runAndCompare("overload");
    await fixtureSettings(pipeline, { workers: 64, serviceMs: 5 });

    expect(truth.late.length / sent.length).toBeGreaterThan(0.03);
    expect(truth.late.length / sent.length).toBeLessThan(0.4);
    expect(verdict.totals.unknown).toBeGreaterThanOrEqual(truth.late.length);
    expect(result.code, result.stderr).toBe(1);
  });
});
