// The run's live events where they are emitted: stages, chaos windows, the verifier's progress, the sampler's depths.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { memoryOutput } from "../../common/output.ts";
import { chaosStepSchema } from "../../executors/index.ts";
import { startSampler } from "../../reports/collect/sampler.ts";
import type { ChaosDriver } from "../../runner/chaos/driver.ts";
import { runChaos } from "../../runner/chaos/run-chaos.ts";
import { scheduleChaos } from "../../runner/chaos/schedule.ts";
import { type LiveEvent, LiveEvents, liveDepths, withLiveProgress } from "../../runner/live-events.ts";
import { liveStageTimer, stageTimer } from "../../runner/stages/stage-timer.ts";
import { countProgress } from "../../verifier/count-progress.ts";

function recorder(): { live: LiveEvents; events: LiveEvent[] } {
  const live = new LiveEvents();
  const events: LiveEvent[] = [];
  live.on((e) => void events.push(e));
  return { live, events };
}

describe("live events of a run", () => {
  it("tells each stage's start and end, with its wall time, around the stage's own lines", async () => {
    const { live, events } = recorder();
    const output = memoryOutput();
    let clock = 100;
    const timer = liveStageTimer(
      stageTimer(output, () => clock),
      live,
      () => clock,
    );
    await timer.run("load", async () => {
      clock += 250;
      return 1;
    });
    await expect(
      timer.run("drain", async () => {
        clock += 5;
        throw new Error("down");
      }),
    ).rejects.toThrow("down");
    expect(events).toEqual([
      { kind: "stage", stage: "load", state: "start", at: 100 },
      { kind: "stage", stage: "load", state: "end", at: 350, ms: 250 },
      { kind: "stage", stage: "drain", state: "start", at: 350 },
      { kind: "stage", stage: "drain", state: "end", at: 355, ms: 5 },
    ]);
    expect(timer.times).toEqual({ load: 250, drain: 5 });
    expect(output.stderr[0]).toBe("[load] started");
  });

  it("tells each chaos window as it opens and as it closes, a failed start closing at once with its error", async () => {
    const { live, events } = recorder();
    const steps = [
      chaosStepSchema.parse({ at: "0s", duration: "30ms", action: "fault", params: { consumerErrorRate: 1 } }),
      chaosStepSchema.parse({ at: "10ms", duration: "10ms", action: "fault", params: { gatewayLatencyMs: 5 } }),
    ];
    const driver: ChaosDriver = {
      validate: async () => {},
      start: async (step) => {
        if ("gatewayLatencyMs" in step.params) throw new Error("refused");
        return async () => {};
      },
    };
    const chaos = runChaos(scheduleChaos(steps), driver, memoryOutput(), Date.now, Date.now(), (window, index) =>
      live.emit({ kind: "chaos", index, window: { ...window } }),
    );
    await new Promise((resolve) => setTimeout(resolve, 80));
    const windows = await chaos.stop();
    const told = events.map((e) =>
      e.kind === "chaos" ? [e.index, e.window.action, e.window.end === null, e.window.error ?? null] : null,
    );
    expect(told).toEqual([
      [0, "fault", true, null],
      [1, "fault", true, null],
      [1, "fault", false, "refused"],
      [0, "fault", false, null],
    ]);
    // The last word on each window is the window chaos.json records.
    const last = new Map(events.flatMap((e) => (e.kind === "chaos" ? [[e.index, e.window] as const] : [])));
    expect([last.get(0), last.get(1)]).toEqual(windows);
  });

  it("tells a sink read's count at most twice a second, and the last count when it is done", () => {
    const { live, events } = recorder();
    let clock = 0;
    const progress = countProgress(withLiveProgress(memoryOutput(), live), "sink orders", () => clock);
    for (let n = 1; n <= 20; n++) {
      clock += 100;
      progress.update(n * 10);
    }
    progress.done();
    expect(events).toEqual([
      ...[10, 60, 110, 160].map((done) => ({
        kind: "progress",
        stage: "verify",
        done,
        total: null,
        detail: `sink orders: ${done} read`,
        leftMs: null,
      })),
      { kind: "progress", stage: "verify", done: 200, total: null, detail: "sink orders: 200 read", leftMs: null },
    ]);
  });

  describe("the sampler's depths", () => {
    const sqs = mockClient(SQSClient);
    afterEach(() => sqs.reset());

    it("are told as each poll comes in, queues and DLQs apart, summed as the report's charts sum them", async () => {
      sqs.on(GetQueueAttributesCommand, { QueueUrl: "http://q/000000000000/ingest" }).resolves({
        Attributes: {
          ApproximateNumberOfMessages: "3",
          ApproximateNumberOfMessagesNotVisible: "2",
          ApproximateNumberOfMessagesDelayed: "1",
        },
      });
      sqs.on(GetQueueAttributesCommand, { QueueUrl: "http://q/000000000000/ingest-dlq" }).resolves({
        Attributes: { ApproximateNumberOfMessages: "7" },
      });
      const { live, events } = recorder();
      const sampler = startSampler({
        clients: { sqs: new SQSClient({ region: "us-east-1" }) },
        queues: [
          { name: "ingest", queueUrl: "http://q/000000000000/ingest" },
          { name: "ingest-dlq", queueUrl: "http://q/000000000000/ingest-dlq" },
        ],
        file: join(mkdtempSync(join(tmpdir(), "harness-live-")), "samples.ndjson"),
        intervalMs: 60_000,
        now: () => 5_000,
        onSample: (samples) => live.emit(liveDepths(samples, new Set(["ingest-dlq"]))),
      });
      await sampler.stop();
      // The first poll and the one stop() takes.
      expect(events).toEqual(
        [1, 2].map(() => ({
          kind: "depths",
          t: 5_000,
          queues: [
            { name: "ingest", dlq: false, depth: 6 },
            { name: "ingest-dlq", dlq: true, depth: 7 },
          ],
        })),
      );
    });
  });
});
