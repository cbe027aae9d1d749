// Config validation on empty, sane and pathological inputs: every problem named with its path, at once.
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../config/errors.ts";
import { validateConfig } from "../../config/validate.ts";

function problems(input: unknown): Array<{ path: string; message: string }> {
  try {
    validateConfig(input, "harness.config.ts");
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

const awsTarget = {
  kind: "aws",
  environment: "staging",
  region: "eu-west-1",
  maxRps: 1000,
  http: { url: "https://abc.execute-api.eu-west-1.amazonaws.com/prod/orders" },
  sinks: [{ name: "orders", table: "orders" }],
  dlqs: [{ name: "dlq", queueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/orders-dlq" }],
};

describe("validateConfig", () => {
  it("rejects an empty config, naming the missing targets", () => {
    expect(problems({})).toEqual([{ path: "targets", message: expect.stringMatching(/expected record/) }]);
  });

  it("rejects a config with no target at all", () => {
    expect(problems({ targets: {} })).toEqual([{ path: "targets", message: "define at least one target" }]);
  });

  it("accepts a sane config and fills in the defaults", () => {
    const config = validateConfig({ targets: { local: { kind: "local" }, "prod-like": awsTarget } });
    expect(config.runsDir).toBe("runs");
    expect(config.gates).toEqual({
      maxLost: 0,
      maxUnexpected: 0,
      maxUnknownShare: 0.1,
      e2eLatencyMs: {},
      thresholds: true,
    });
    expect(config.targets.local).toMatchObject({
      kind: "local",
      environment: "local",
      maxRps: 5000,
      maxReceiveCount: 3,
    });
    expect(config.targets["prod-like"]).toMatchObject({ kind: "aws", queues: [], metrics: [] });
    const prod = config.targets["prod-like"];
    expect(prod?.kind === "aws" && prod.dlqs[0]?.idPath).toBe("id");
    expect(prod?.kind === "aws" && prod.sinks[0]).toMatchObject({ idAttribute: "id", scanSegments: 4 });
  });

  it("reads the preflight timeout as milliseconds, 10 s when not set, and names a bad one", () => {
    const targets = { local: { kind: "local" } };
    expect(validateConfig({ targets }).preflight).toEqual({ timeoutMs: 10_000 });
    expect(validateConfig({ targets, preflight: { timeout: "2s" } }).preflight).toEqual({ timeoutMs: 2_000 });
    expect(problems({ targets, preflight: { timeout: "soon" } })).toEqual([
      { path: "preflight.timeout", message: 'must be a duration such as "30s", "2m" or "500ms"' },
    ]);
  });

  it("names all three mistakes in one go, each with its path", () => {
    const input = {
      targets: {
        "prod-like": {
          ...awsTarget,
          region: "mars-1",
          dlqs: [{ name: "dlq", queueUrl: "not-a-queue" }],
        },
      },
      scenarios: { burst: { executor: "constant-arrival-rate", rate: 100, duration: "ten seconds" } },
    };
    expect(problems(input)).toEqual([
      { path: "targets.prod-like.region", message: "must be an AWS region such as eu-west-1" },
      { path: "targets.prod-like.dlqs[0].queueUrl", message: "must be an SQS queue URL" },
      { path: "scenarios.burst.duration", message: 'must be a duration such as "30s", "2m" or "500ms"' },
    ]);
  });

  it("checks JMESPath and regex ID extractors when the config loads", () => {
    const input = {
      targets: {
        "prod-like": {
          ...awsTarget,
          sinks: [
            { name: "a", table: "orders", idPath: "payload.[", idRegex: "^MSG#.+$" },
            { name: "b", table: "orders", idRegex: "^MSG#(.+$" },
          ],
          dlqs: [{ ...awsTarget.dlqs[0], idPath: "detail.id ||" }],
        },
      },
    };
    expect(problems(input)).toEqual([
      { path: "targets.prod-like.sinks[0].idPath", message: expect.stringMatching(/^is not a JMESPath expression \(/) },
      {
        path: "targets.prod-like.sinks[0].idRegex",
        message: "needs a capture group around the ID, e.g. ^MSG#(.+)$",
      },
      { path: "targets.prod-like.sinks[1].idRegex", message: expect.stringMatching(/^is not a regular expression \(/) },
      { path: "targets.prod-like.dlqs[0].idPath", message: expect.stringMatching(/^is not a JMESPath expression \(/) },
    ]);
  });

  it.each([
    [
      "an unknown key",
      { targets: { local: { kind: "local", colour: "red" } } },
      "targets.local.colour",
      "is not a known key",
    ],
    ["an unknown target kind", { targets: { x: { kind: "gcp" } } }, "targets.x.kind", 'must be one of "aws", "local"'],
    [
      "a bad target name",
      { targets: { Prod_Like: { kind: "local" } } },
      "targets.Prod_Like",
      "bad key: must be lower-case letters, digits and dashes",
    ],
    [
      "an unknown executor",
      { targets: { local: { kind: "local" } }, scenarios: { s: { executor: "per-vu-iterations" } } },
      "scenarios.s.executor",
      expect.stringContaining('"constant-arrival-rate"'),
    ],
    [
      "a bad threshold",
      {
        targets: { local: { kind: "local" } },
        scenarios: {
          s: { executor: "constant-vus", vus: 1, duration: "1s", thresholds: { http_req_duration: ["p95 < 500"] } },
        },
      },
      "scenarios.s.thresholds.http_req_duration[0]",
      'must be a k6 threshold such as "p(95)<500" or "rate<0.01"',
    ],
    [
      "a default target that does not exist",
      { defaultTarget: "prod", targets: { local: { kind: "local" } } },
      "defaultTarget",
      "names no target; known: local",
    ],
    [
      "an AWS target with no sink",
      { targets: { p: { ...awsTarget, sinks: [] } } },
      "targets.p.sinks",
      "name at least one sink table to reconcile against",
    ],
    [
      "a channel mix with no weight",
      {
        targets: { local: { kind: "local" } },
        scenarios: { s: { executor: "constant-vus", vus: 1, duration: "1s", channels: { http: 0 } } },
      },
      "scenarios.s.channels",
      "give at least one channel a weight above 0",
    ],
  ])("names %s", (_label, input, path, message) => {
    expect(problems(input)).toEqual([{ path, message }]);
  });

  it("reports a non-object config as one root problem", () => {
    expect(problems("targets")).toEqual([{ path: "", message: expect.stringMatching(/expected object/) }]);
  });

  it("puts the file and every path in the error message", () => {
    expect(() =>
      validateConfig({ targets: { local: { kind: "local", maxRps: -1, gateway: { rate: 0 } } } }, "x.ts"),
    ).toThrow(/x\.ts has 2 problems:\n {2}targets\.local\.maxRps: .*\n {2}targets\.local\.gateway\.rate: /);
  });
});
