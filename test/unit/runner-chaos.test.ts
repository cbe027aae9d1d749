// Chaos schedule: windows start and end on time, an undo always runs, a failing step is recorded, FIS needs a stop condition.
import {
  FisClient,
  GetExperimentTemplateCommand,
  StartExperimentCommand,
  StopExperimentCommand,
} from "@aws-sdk/client-fis";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import { memoryOutput } from "../../common/output.ts";
import { type ChaosStep, chaosStepSchema } from "../../executors/index.ts";
import type { ChaosDriver } from "../../runner/chaos/driver.ts";
import { ChaosConfigError } from "../../runner/chaos/errors.ts";
import { fisDriver } from "../../runner/chaos/fis-driver.ts";
import { runChaos } from "../../runner/chaos/run-chaos.ts";
import { scheduleChaos } from "../../runner/chaos/schedule.ts";

/** Each step's `at` as written, so the recording driver's log reads like the schedule. */
const written = new WeakMap<ChaosStep, string>();

const step = (at: string, duration: string, params: ChaosStep["params"] = { consumerErrorRate: 1 }): ChaosStep => {
  const resolved = chaosStepSchema.parse({ at, duration, action: "fault", params });
  written.set(resolved, at);
  return resolved;
};

function recordingDriver(log: string[], failOn?: string): ChaosDriver {
  return {
    validate: async () => {},
    start: async (s) => {
      const at = written.get(s);
      if (at === failOn) throw new Error("control endpoint refused");
      log.push(`start ${at}`);
      return async () => void log.push(`undo ${at}`);
    },
  };
}

describe("scheduleChaos", () => {
  it("orders steps by start and computes their ends", () => {
    expect(scheduleChaos([step("10s", "5s"), step("2s", "500ms")]).map((s) => [s.startMs, s.endMs])).toEqual([
      [2000, 2500],
      [10_000, 15_000],
    ]);
  });
  it("is empty for no steps", () => expect(scheduleChaos([])).toEqual([]));
});

describe("runChaos", () => {
  it("opens and closes each window on the wall clock and records when", async () => {
    const log: string[] = [];
    const chaos = runChaos(
      scheduleChaos([step("0s", "100ms"), step("50ms", "50ms")]),
      recordingDriver(log),
      memoryOutput(),
    );
    // Both windows close on their own timers (by 100 ms); a loaded machine may fire timers late, so wait for the
    // undos themselves (up to 5 s) rather than a fixed 300 ms, after which stop() would cut a late window short.
    for (const until = Date.now() + 5_000; log.length < 4 && Date.now() < until; )
      await new Promise((r) => setTimeout(r, 10));
    // Undone by their own timers, before stop() could undo them.
    expect(log).toHaveLength(4);
    const windows = await chaos.stop();
    expect(log.sort()).toEqual(["start 0s", "start 50ms", "undo 0s", "undo 50ms"]);
    expect(windows.map((w) => w.end !== null && w.end - w.start >= 40)).toEqual([true, true]);
  });

  it("ends a window at its planned time on the load's clock even when its start was slow", async () => {
    const log: string[] = [];
    const slow: ChaosDriver = {
      validate: async () => {},
      start: async (s) => {
        await new Promise((r) => setTimeout(r, 800));
        log.push(`start ${written.get(s)}`);
        return async () => void log.push(`undo ${written.get(s)}`);
      },
    };
    const origin = Date.now();
    const chaos = runChaos(scheduleChaos([step("0s", "1s")]), slow, memoryOutput(), Date.now, origin);
    await new Promise((r) => setTimeout(r, 2_000));
    const [window] = await chaos.stop();
    expect(log).toEqual(["start 0s", "undo 0s"]);
    // Planned end 1,000 ms; a duration counted after the 800 ms start would end at 1,800 ms or later. The upper bound
    // leaves a loaded machine 750 ms for late timers.
    expect((window?.end ?? 0) - origin).toBeGreaterThanOrEqual(999);
    expect((window?.end ?? 0) - origin).toBeLessThan(1_750);
  });

  it("undoes an open window when the load stops early, and never starts a later one", async () => {
    const log: string[] = [];
    const chaos = runChaos(scheduleChaos([step("0s", "10s"), step("5s", "1s")]), recordingDriver(log), memoryOutput());
    await new Promise((r) => setTimeout(r, 50));
    const windows = await chaos.stop();
    expect(log).toEqual(["start 0s", "undo 0s"]);
    expect(windows).toHaveLength(1);
    expect(windows[0]?.end).not.toBeNull();
  });

  it("records a step that could not start, with its error", async () => {
    const chaos = runChaos(scheduleChaos([step("0s", "1s")]), recordingDriver([], "0s"), memoryOutput());
    await new Promise((r) => setTimeout(r, 30));
    const windows = await chaos.stop();
    expect(windows).toEqual([
      {
        action: "fault",
        params: { consumerErrorRate: 1 },
        start: expect.any(Number),
        end: expect.any(Number),
        error: "control endpoint refused",
      },
    ]);
  });
});

describe("fisDriver", () => {
  const fisStep = chaosStepSchema.parse({
    at: "5s",
    duration: "30s",
    action: "fis",
    params: { template: "lambda-errors" },
  });

  it("refuses a template without a stop condition", async () => {
    const fis = mockClient(FisClient);
    fis
      .on(GetExperimentTemplateCommand)
      .resolves({ experimentTemplate: { id: "EXT1", stopConditions: [{ source: "none" }] } });
    const driver = fisDriver(new FisClient({ region: "us-east-1" }), { "lambda-errors": "EXT1" }, "r");
    await expect(driver.validate([fisStep])).rejects.toThrow(/has no stop condition/);
    fis.restore();
  });

  it("refuses a step that names no template of the target", async () => {
    const driver = fisDriver(new FisClient({ region: "us-east-1" }), {}, "r");
    await expect(driver.validate([fisStep])).rejects.toBeInstanceOf(ChaosConfigError);
  });

  it("starts the experiment tagged with the run, and stops it on undo", async () => {
    const fis = mockClient(FisClient);
    fis.on(StartExperimentCommand).resolves({ experiment: { id: "EXP9" } });
    fis.on(StopExperimentCommand).resolves({});
    const driver = fisDriver(new FisClient({ region: "us-east-1" }), { "lambda-errors": "EXT1" }, "run-1");
    const undo = await driver.start(fisStep);
    await undo();
    expect(fis.commandCalls(StartExperimentCommand)[0]?.args[0].input).toEqual({
      experimentTemplateId: "EXT1",
      tags: { "harness:run": "run-1" },
    });
    expect(fis.commandCalls(StopExperimentCommand)[0]?.args[0].input).toEqual({ id: "EXP9" });
    fis.restore();
  });
});
