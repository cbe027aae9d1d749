// Bad input found at validation, every problem at once with its path, exit 4 before anything starts (issue 16 item 11).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../config/errors.ts";
import { loadConfig } from "../../config/load.ts";
import { builtinScenarioNames } from "../../config/rules.ts";
import { validateConfig } from "../../config/validate.ts";
import { builtinScenarios } from "../../loadtests/scenarios/index.ts";
import { plan } from "../../runner/plan.ts";

function problems(input: unknown, file?: string): Array<{ path: string; message: string }> {
  try {
    validateConfig(input, file);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

const local = { local: { kind: "local" } };

describe("validation finds what used to crash the engine after a run began", () => {
  it("names every threshold on a metric the engine does not produce or with an aggregation it lacks, at once", () => {
    const found = problems({
      targets: local,
      scenarios: {
        a: {
          executor: "constant-arrival-rate",
          rate: 1,
          duration: "1s",
          thresholds: { http_reqs: ["count>1"], http_req_failed: ["p(95)<1"], http_req_duration: ["p(101)<9"] },
        },
        b: { executor: "constant-vus", vus: 1, duration: "1s", thresholds: { checks: ["rate>0.9"] } },
      },
    });
    expect(found).toEqual([
      {
        path: "scenarios.a.thresholds.http_reqs[0]",
        message:
          "names a metric the engine does not produce (it produces http_req_duration, http_req_intended, http_req_failed, iterations, dropped_iterations)",
      },
      {
        path: "scenarios.a.thresholds.http_req_failed[0]",
        message: '"p(95)<1" uses p(N), which a rate metric does not have (it has rate)',
      },
      { path: "scenarios.a.thresholds.http_req_duration[0]", message: '"p(101)<9" asks for a percentile above 100' },
      { path: "scenarios.b.thresholds.checks[0]", message: expect.stringMatching(/^names a metric the engine/) },
    ]);
  });

  it("refuses a load of 0 s (0 messages would be sent), and drain durations that are not durations", () => {
    const found = problems({
      targets: local,
      scenarios: {
        zero: { executor: "constant-arrival-rate", rate: 10, duration: "0s" },
        vus: { executor: "constant-vus", vus: 2, duration: "0ms" },
        ramp: { executor: "ramping-arrival-rate", stages: [{ duration: "0s", target: 10 }] },
        jump: {
          executor: "ramping-arrival-rate",
          stages: [
            { duration: "0s", target: 10 },
            { duration: "5s", target: 10 },
          ],
        },
      },
      drain: { timeout: "forever", settle: "-5s" },
    });
    expect(found.map((p) => p.path)).toEqual([
      "scenarios.zero.duration",
      "scenarios.vus.duration",
      "scenarios.ramp.stages",
      "drain.timeout",
      "drain.settle",
    ]);
    expect(found[0]?.message).toBe("must be above 0 (a load of 0 s sends nothing)");
    expect(found[3]?.message).toMatch(/must be a duration/);
  });

  it("names a defaultScenario or a certify.suite entry that names no scenario, and a payload module that is missing", () => {
    const dir = mkdtempSync(join(tmpdir(), "harness-rules-"));
    writeFileSync(join(dir, "present.ts"), "export default () => ({});\n");
    const found = problems(
      {
        targets: local,
        defaultScenario: "smok",
        scenarios: {
          ok: { executor: "constant-arrival-rate", rate: 1, duration: "1s", payload: "./present.ts" },
          gone: { executor: "constant-arrival-rate", rate: 1, duration: "1s", payload: "./payloads/missing.ts" },
        },
        certify: { suite: [{ scenario: "smoke" }, { scenario: "ok" }, { scenario: "spiky" }] },
      },
      join(dir, "harness.config.ts"),
    );
    expect(found).toEqual([
      { path: "defaultScenario", message: expect.stringMatching(/^names no scenario "smok"; known: smoke, spike/) },
      { path: "certify.suite[2].scenario", message: expect.stringMatching(/^names no scenario "spiky"/) },
      {
        path: "scenarios.gone.payload",
        message: `no such file: ${join(dir, "payloads", "missing.ts")} (relative to the config file)`,
      },
    ]);
  });

  it("names a missing flow module, a scenario with both a payload and a flow, and bad step filters in thresholds", () => {
    const dir = mkdtempSync(join(tmpdir(), "harness-rules-"));
    writeFileSync(join(dir, "present.ts"), "export default async () => undefined;\n");
    const base = { executor: "constant-arrival-rate", rate: 1, duration: "1s" };
    const found = problems(
      {
        targets: local,
        scenarios: {
          ok: { ...base, flow: "./present.ts", thresholds: { "http_req_duration{step:confirm}": ["p(95)<500"] } },
          gone: { ...base, flow: "./flows/missing.ts" },
          both: { ...base, flow: "./present.ts", payload: "./present.ts" },
          tags: {
            ...base,
            flow: "./present.ts",
            thresholds: {
              "http_req_duration{step confirm}": ["p(95)<500"],
              "http_req_duration{name:confirm}": ["p(95)<500"],
              "iterations{step:confirm}": ["count>1"],
              "http_req_duration{step:confirm": ["p(95)<500"],
            },
          },
        },
      },
      join(dir, "harness.config.ts"),
    );
    expect(found).toEqual([
      {
        path: "scenarios.tags.thresholds.http_req_duration{step confirm}[0]",
        message: "has the tag filter {step confirm}, not tag:value pairs such as {step:confirm}",
      },
      {
        path: "scenarios.tags.thresholds.http_req_duration{name:confirm}[0]",
        message: 'filters on the tag "name"; the engine tags calls with step only',
      },
      {
        path: "scenarios.tags.thresholds.iterations{step:confirm}[0]",
        message: "filters iterations by step, which only http_req_duration and http_req_failed have (a flow call's)",
      },
      {
        path: "scenarios.tags.thresholds.http_req_duration{step:confirm[0]",
        message: 'is not a metric name or a k6 tag filter such as "http_req_duration{step:confirm}"',
      },
      {
        path: "scenarios.gone.flow",
        message: `no such file: ${join(dir, "flows", "missing.ts")} (relative to the config file)`,
      },
      {
        path: "scenarios.both.flow",
        message: "a flow builds its own requests: give the scenario a payload or a flow, not both",
      },
    ]);
  });

  it("reports them with the schema's problems, at once", () => {
    const found = problems({
      targets: local,
      defaultScenario: "nightly",
      scenarios: { z: { executor: "constant-arrival-rate", rate: 1, duration: "0s" } },
    });
    expect(found.map((p) => p.path)).toEqual(["scenarios.z.duration", "defaultScenario"]);
  });

  it("loading a config file reports them as a ConfigError (exit 4)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "harness-rules-"));
    writeFileSync(
      join(dir, "harness.config.ts"),
      'export default { targets: { local: { kind: "local" } }, defaultScenario: "nope" };\n',
    );
    await expect(loadConfig(dir)).rejects.toMatchObject({ name: "ConfigError", exitCode: 4 });
  });

  it("knows the built-in scenarios' names", () => {
    expect([...builtinScenarioNames].sort()).toEqual(Object.keys(builtinScenarios).sort());
  });
});

describe("a channel the target lacks is refused when planned, before anything starts", () => {
  const config = validateConfig({
    targets: {
      api: {
        kind: "aws",
        environment: "test",
        region: "eu-west-1",
        maxRps: 100,
        http: { url: "https://api.example.com/orders" },
        sinks: [{ name: "s", table: "orders" }],
      },
      bus: {
        kind: "aws",
        environment: "test",
        region: "eu-west-1",
        maxRps: 100,
        events: { busName: "b", source: "s", detailType: "d" },
        sinks: [{ name: "s", table: "orders" }],
      },
    },
    scenarios: { mix: { executor: "constant-arrival-rate", rate: 1, duration: "1s", channels: { events: 1, sqs: 1 } } },
  });

  it("names every missing channel with its path", () => {
    let error: unknown;
    try {
      plan(config, { target: "api", scenario: "mix" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(4);
    expect((error as ConfigError).problems.map((p) => p.path)).toEqual([
      "scenarios.mix.channels.events",
      "scenarios.mix.channels.sqs",
    ]);
  });

  it("names a built-in scenario's http channel on a target without http", () => {
    expect(() => plan(config, { target: "bus", scenario: "smoke" })).toThrow(
      /scenario smoke \(built-in\)\.channels\.http: target "bus" has no http entry point/,
    );
  });

  it("leaves a flow scenario's channel weights alone: its calls go to what the target has", () => {
    const withFlow = {
      ...config,
      scenarios: { ...config.scenarios, flowed: { ...config.scenarios.mix, channels: { http: 1 }, flow: "/f.ts" } },
    } as typeof config;
    expect(plan(withFlow, { target: "bus", scenario: "flowed" }).scenarioName).toBe("flowed");
  });
});
