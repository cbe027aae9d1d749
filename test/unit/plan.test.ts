// Planning: names resolve or fail listing the known ones; the production guard and maxRps refuse before any request.
import { describe, expect, it } from "vitest";
import { UnknownNameError } from "../../config/errors.ts";
import { validateConfig } from "../../config/validate.ts";
import { peakRatePerSecond } from "../../executors/index.ts";
import { SafetyError } from "../../runner/errors.ts";
import { plan } from "../../runner/plan.ts";

const config = validateConfig({
  targets: {
    local: { kind: "local", maxRps: 100 },
    prod: {
      kind: "aws",
      environment: "production",
      region: "us-east-1",
      maxRps: 10_000,
      http: { url: "https://api.example.com/orders" },
      sinks: [{ name: "s", table: "orders" }],
    },
  },
  scenarios: { gentle: { executor: "constant-arrival-rate", rate: 10, duration: "5s" } },
});

describe("plan", () => {
  it("resolves a built-in scenario against a configured target", () => {
    const p = plan(config, { target: "local", scenario: "smoke" });
    expect([p.targetName, p.scenarioName, p.peakRps]).toEqual(["local", "smoke", 20]);
  });

  it("names the unknown target and lists the known ones", () => {
    expect(() => plan(config, { target: "nope" })).toThrow(UnknownNameError);
    expect(() => plan(config, { target: "nope" })).toThrow('Unknown target "nope". Known targets: local, prod.');
  });

  it("names the unknown scenario and lists built-in and configured ones", () => {
    expect(() => plan(config, { target: "local", scenario: "x" })).toThrow(
      'Unknown scenario "x". Known scenarios: smoke, spike, ramp, soak, breakpoint, saga, saga-chaos, gentle.',
    );
  });

  it("refuses a production target without --confirm-production", () => {
    expect(() => plan(config, { target: "prod", scenario: "gentle" })).toThrow(SafetyError);
    expect(plan(config, { target: "prod", scenario: "gentle", confirmProduction: true }).targetName).toBe("prod");
  });

  it("refuses a scenario whose peak exceeds the target's maxRps", () => {
    expect(() => plan(config, { target: "local", scenario: "spike" })).toThrow(
      /peaks at 1500 requests\/s, above target "local"'s maxRps of 100/,
    );
  });

  it("computes the peak per second whatever the time unit", () => {
    const ramp = validateConfig({
      targets: { local: { kind: "local" } },
      scenarios: {
        r: {
          executor: "ramping-arrival-rate",
          startRate: 30,
          timeUnit: "1m",
          stages: [{ duration: "1m", target: 600 }],
        },
      },
    }).scenarios.r;
    expect(ramp && peakRatePerSecond(ramp)).toBe(10);
  });
});
