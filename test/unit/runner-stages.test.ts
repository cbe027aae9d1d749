// The stage runner: stages in order, each timed in the log, resources released last-first even when a stage throws;
// and the exit code a run's artifacts map to.
import { describe, expect, it } from "vitest";
import { ExitCode } from "../../common/exit-codes.ts";
import { memoryOutput } from "../../common/output.ts";
import { StageOrderError } from "../../runner/errors.ts";
import { earlySettleCount } from "../../runner/stages/drain.ts";
import { runExitCode, segmentExitCode } from "../../runner/stages/exit-code.ts";
import { type AnyStage, Artifacts, runStages, type StageContext } from "../../runner/stages/stage.ts";
import { stageTimer } from "../../runner/stages/stage-timer.ts";

interface Made {
  first: number;
  second: string;
  third: boolean;
}
interface Context extends StageContext<Made> {
  resources: AsyncDisposableStack;
  log: string[];
}
type TestStage = AnyStage<Context, Made>;

const first: TestStage = {
  name: "first",
  async run(ctx) {
    ctx.log.push("first");
    ctx.resources.defer(() => {
      ctx.log.push("release first");
    });
    return 41;
  },
};
const second: TestStage = {
  name: "second",
  async run(ctx) {
    ctx.log.push("second");
    ctx.resources.defer(async () => {
      ctx.log.push("release second");
    });
    return `after ${ctx.artifacts.get("first") + 1}`;
  },
};
const failing: TestStage = {
  name: "third",
  async run(ctx) {
    ctx.log.push("third");
    throw new Error("stage broke");
  },
};

async function runWithResources(stages: TestStage[], log: string[], now: () => number = () => 0) {
  const output = memoryOutput();
  const artifacts = new Artifacts<Made>();
  const timer = stageTimer(output, now);
  const run = async () => {
    await using resources = new AsyncDisposableStack();
    await runStages(stages, { artifacts, resources, log }, timer);
    log.push("stages done");
  };
  return { output, artifacts, timer, done: run() };
}

describe("runStages", () => {
  it("runs the stages in order, each reading what the earlier ones made", async () => {
    const log: string[] = [];
    const { artifacts, done } = await runWithResources([first, second], log);
    await done;
    expect(log).toEqual(["first", "second", "stages done", "release second", "release first"]);
    expect([artifacts.get("first"), artifacts.get("second"), artifacts.find("third")]).toEqual([
      41,
      "after 42",
      undefined,
    ]);
  });

  it("logs each stage's start and its wall time, and keeps the times by name", async () => {
    let clock = 0;
    const taking = (name: "first" | "second", ms: number, value: number | string): TestStage =>
      ({
        name,
        async run() {
          clock += ms;
          return value;
        },
      }) as TestStage;
    const { output, timer, done } = await runWithResources(
      [taking("first", 1_500, 1), taking("second", 250, "x")],
      [],
      () => clock,
    );
    await done;
    expect(output.stderr).toEqual([
      "[first] started",
      "[first] done in 1.5 s",
      "[second] started",
      "[second] done in 0.3 s",
    ]);
    expect(timer.times).toEqual({ first: 1_500, second: 250 });
  });

  it("releases every resource, last taken first, when a stage throws; the failing stage still logs its end", async () => {
    const log: string[] = [];
    const { output, artifacts, done } = await runWithResources([first, second, failing, first], log);
    await expect(done).rejects.toThrow("stage broke");
    expect(log).toEqual(["first", "second", "third", "release second", "release first"]);
    expect(output.stderr.at(-1)).toBe("[third] done in 0.0 s");
    expect(artifacts.find("third")).toBeUndefined();
  });

  it("refuses a stage that asks for an artifact no earlier stage made", async () => {
    const { done } = await runWithResources([second], []);
    await expect(done).rejects.toBeInstanceOf(StageOrderError);
  });
});

describe("runExitCode", () => {
  // A regression against a --compare baseline is a failed gate of the report (compare.json), not a rule here.
  it.each([
    ["all gates pass", { gates: ExitCode.ok, interrupted: false }, ExitCode.ok],
    ["a gate fails", { gates: ExitCode.gateFailed, interrupted: false }, ExitCode.gateFailed],
    ["the verdict is unknown", { gates: ExitCode.verdictUnknown, interrupted: true }, ExitCode.verdictUnknown],
    ["a passing run was interrupted", { gates: ExitCode.ok, interrupted: true }, ExitCode.thresholdsFailed],
    [
      "interrupted and regressed (a failed compare gate): the failed gate wins",
      { gates: ExitCode.gateFailed, interrupted: true },
      ExitCode.gateFailed,
    ],
    [
      "a passing run regressed against its baseline (a failed compare gate)",
      { gates: ExitCode.gateFailed, interrupted: false },
      ExitCode.gateFailed,
    ],
  ])("%s", (_, input, expected) => {
    expect(runExitCode(input)).toBe(expected);
  });
});

describe("segmentExitCode", () => {
  const threshold = (ok: boolean) => ({ metric: "m", expression: "p(95)<500", ok, value: 1, abortOnFail: false });
  it.each([
    ["thresholds held", { aborted: null, thresholds: [threshold(true)] }, ExitCode.ok],
    [
      "a threshold crossed",
      { aborted: null, thresholds: [threshold(true), threshold(false)] },
      ExitCode.thresholdsFailed,
    ],
    ["the load aborted", { aborted: { reason: "engine crashed", at: 0 }, thresholds: [] }, ExitCode.thresholdsFailed],
  ])("%s", (_, summary, expected) => {
    expect(segmentExitCode(summary)).toBe(expected);
  });
});

describe("earlySettleCount", () => {
  it("lets the drain stop on evidence only when every message sent was accepted", () => {
    expect(earlySettleCount({ acc: 400, rej: 0, unk: 0 })).toBe(400);
    expect(earlySettleCount({ acc: 398, rej: 2, unk: 0 })).toBeUndefined();
    expect(earlySettleCount({ acc: 399, rej: 0, unk: 1 })).toBeUndefined();
  });
});
