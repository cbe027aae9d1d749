// With the team's consumer in the local target: the reference consumer's bug modes are refused everywhere they can be
// set (never silently ignored), the idle timeout is configurable with a default, and cold starts are a report metric.
import { describe, expect, it } from "vitest";
import { validateConfig } from "../../config/validate.ts";
import type { ChaosStep } from "../../executors/index.ts";
import { ControlState } from "../../local/app/control-state.ts";
import { bugsRefusedWithTeamConsumer, defaultFaults, noBugs } from "../../local/controls.ts";
import { consumerFunction, defaultIdleTimeoutMs } from "../../local/functions.ts";
import { resolveLocalTarget } from "../../local/resolve.ts";
import type { LocalState } from "../../local/state.ts";
import { ChaosConfigError } from "../../runner/chaos/errors.ts";
import { localDriver } from "../../runner/chaos/local-driver.ts";

const sinks = [{ name: "orders", table: "team-orders", idAttribute: "pk" }];

function teamTarget(consumer: Record<string, unknown> = {}) {
  const config = validateConfig(
    { targets: { local: { kind: "local", functions: { consumer: { handler: "./c.ts", ...consumer } }, sinks } } },
    "/repo/harness.config.ts",
  );
  const target = config.targets.local;
  if (target?.kind !== "local") throw new Error("not local");
  return target;
}

describe("bugsRefusedWithTeamConsumer", () => {
  it("names each consumer bug mode set above 0, and lets zeros and faults through", () => {
    expect(
      bugsRefusedWithTeamConsumer({ silentDrop: "0.1", ackBeforeWrite: 0, doubleWrite: true, consumerErrorRate: 0.5 }),
    ).toEqual([
      { name: "silentDrop", message: expect.stringContaining("is a bug mode of the reference consumer") },
      { name: "doubleWrite", message: expect.stringContaining("is a bug mode of the reference consumer") },
    ]);
    expect(bugsRefusedWithTeamConsumer({ silentDrop: 0, consumerLatencyMs: 10 })).toEqual([]);
  });
});

describe("ControlState with the team's consumer", () => {
  const faults = defaultFaults(teamTarget());

  it("refuses a bug mode and changes nothing of the same request", () => {
    const state = new ControlState(faults, noBugs(), { teamConsumer: true });
    const problems = state.apply({ silentDrop: 0.2, consumerErrorRate: 0.3 });
    expect(problems.map((p) => p.name)).toEqual(["silentDrop"]);
    expect(state.bugs.silentDrop).toBe(0);
    expect(state.faults.consumerErrorRate).toBe(0);
    expect(state.apply({ consumerErrorRate: 0.3, silentDrop: 0 })).toEqual([]);
    expect(state.faults.consumerErrorRate).toBe(0.3);
  });

  it("still takes bug modes for the reference consumer", () => {
    const state = new ControlState(faults, noBugs());
    expect(state.apply({ silentDrop: 0.2 })).toEqual([]);
    expect(state.bugs.silentDrop).toBe(0.2);
  });
});

describe("a chaos fault step that sets a bug mode", () => {
  it("is refused before the load with the reason and the fix (exit 4)", async () => {
    const step = { atMs: 1000, durationMs: 2000, action: "fault", params: { silentDrop: 0.5 } } as unknown as ChaosStep;
    const refused = await localDriver("http://127.0.0.1:1")
      .validate([step])
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ChaosConfigError);
    const error = refused as ChaosConfigError;
    expect(error.exitCode).toBe(4);
    expect(error.message).toContain("sets silentDrop: a bug mode, not a fault");
    expect(error.hint).toContain("harness local up --bug silentDrop=<fraction>");
  });
});

describe("functions.consumer.idleTimeout", () => {
  it("defaults to Lambda-like minutes and takes a duration", () => {
    expect(consumerFunction(teamTarget())?.idleTimeoutMs).toBe(defaultIdleTimeoutMs);
    expect(defaultIdleTimeoutMs).toBe(300_000);
    expect(consumerFunction(teamTarget({ idleTimeout: "2s" }))?.idleTimeoutMs).toBe(2_000);
  });

  it("refuses what is not a duration", () => {
    expect(() => teamTarget({ idleTimeout: "soon" })).toThrow(/idleTimeout/);
  });
});

describe("cold starts in the local target's metrics", () => {
  const state = (target: LocalState["target"]): LocalState => ({
    schemaVersion: 1,
    status: "up",
    ownerPid: 1,
    startedAt: "2026-11-30T00:00:00Z",
    targetName: "local",
    target,
    region: "us-east-1",
    services: [],
    endpoints: {
      sqs: "http://127.0.0.1:1",
      dynamodb: "http://127.0.0.1:2",
      cloudwatch: "http://127.0.0.1:3",
      events: "http://127.0.0.1:4",
      gateway: "http://127.0.0.1:5",
      control: "http://127.0.0.1:6",
    },
    resources: {
      ingestQueueUrl: "q1",
      ingestQueueArn: "a1",
      eventsQueueArn: "a2",
      ingestDlqUrl: "q2",
      eventsQueueUrl: "q3",
      eventsDlqUrl: "q4",
      eventsTargetDlqUrl: "q5",
      table: "orders-sink",
      busName: "orders",
      ruleName: "orders-to-queue",
      source: "harness.load",
      detailType: "OrderPlaced",
      functionName: "orders-consumer",
      apiName: "orders",
    },
  });

  it("are queried with the team's consumer, not with the reference one", () => {
    const team = teamTarget();
    const withTeam = resolveLocalTarget(state(team), "local", team).metrics ?? [];
    expect(withTeam.filter((m) => m.namespace === "Local/Lambda")).toEqual([
      {
        id: "lambdaColdStarts",
        namespace: "Local/Lambda",
        metricName: "ColdStart",
        dimensions: { FunctionName: "orders-consumer" },
        stat: "Sum",
      },
    ]);
    const reference = { ...team, functions: undefined };
    const withReference = resolveLocalTarget(state(reference), "local", reference).metrics ?? [];
    expect(withReference.filter((m) => m.namespace === "Local/Lambda")).toEqual([]);
  });
});
