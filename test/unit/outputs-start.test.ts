// startOutputs over the run's live events: each second offered once to each OTLP output, the flush at the load's end.
import type { PushMetricExporter, ResourceMetrics, SumMetricData } from "@opentelemetry/sdk-metrics";
import { describe, expect, it } from "vitest";
import { memoryOutput } from "../../common/output.ts";
import { validateConfig } from "../../config/validate.ts";
import type { LoadSecond } from "../../contracts/load-summary.ts";
import { LiveEvents } from "../../runner/live-events.ts";
import { OutputsError } from "../../runner/outputs/errors.ts";
import { startOutputs } from "../../runner/outputs/start-outputs.ts";

/** A header placeholder as a user writes it in the config: `${NAME}`. */
const env = (name: string) => `$${"{"}${name}}`;

const row = (t: number, sent: number): LoadSecond => ({
  t,
  planned: sent,
  sent,
  written: sent,
  dropped: 0,
  acc: sent,
  rej: 0,
  unk: 0,
  inFlight: 0,
  latency: null,
  sendLagP99: null,
  fireLagP99: null,
  status: {},
});

function outputsOf(list: unknown[]) {
  return validateConfig({ targets: { local: { kind: "local" } }, outputs: list }).outputs;
}

describe("startOutputs", () => {
  it("exports each closed second through the exporter, and reports the counts at the end", async () => {
    const received: ResourceMetrics[] = [];
    const seen: Array<{ url: string; headers: Record<string, string> }> = [];
    const exporter: PushMetricExporter = {
      export: (metrics, answer) => {
        received.push(metrics);
        answer({ code: 0 });
      },
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
    const live = new LiveEvents();
    const output = memoryOutput();
    const outputs = await startOutputs({
      configs: outputsOf([
        { type: "otlp", url: "http://collector:4318", headers: { authorization: `Bearer ${env("TOKEN")}` } },
      ]),
      env: { TOKEN: "s3cret" },
      labels: { runId: "r1", target: "local", scenario: "smoke" },
      live,
      output,
      version: "1.2.3",
      makeExporter: (_config, url, headers) => {
        seen.push({ url, headers });
        return exporter;
      },
    });
    expect(seen).toEqual([{ url: "http://collector:4318/v1/metrics", headers: { authorization: "Bearer s3cret" } }]);
    live.emit({ kind: "load-start", startedAt: 100_000, totalMs: 2_000 });
    live.emit({ kind: "second", row: row(100, 3) });
    live.emit({ kind: "second", row: row(101, 4) });
    live.emit({ kind: "load-end", endedAt: 102_000 });
    const file = await outputs.finish();
    await outputs.close();
    expect(file).toEqual({
      schemaVersion: 1,
      runId: "r1",
      outputs: [
        {
          type: "otlp",
          where: "http://collector:4318/v1/metrics",
          intervals: 2,
          exported: 2,
          dropped: 0,
          reasons: [],
        },
      ],
    });
    const sentOf = (rm: ResourceMetrics) => {
      const sent = rm.scopeMetrics[0]?.metrics.find((m) => m.descriptor.name === "harness.load.sent");
      return (sent as SumMetricData | undefined)?.dataPoints[0]?.value;
    };
    expect(received.map(sentOf)).toEqual([3, 7]);
    expect(received[0]?.resource.attributes).toMatchObject({
      "service.name": "harness",
      "service.version": "1.2.3",
      "service.instance.id": "r1",
    });
    expect(received[0]?.scopeMetrics[0]?.scope).toEqual({ name: "harness", version: "1.2.3" });
    expect(output.stderr).toEqual([
      "[outputs] OTLP: each second to http://collector:4318/v1/metrics",
      "[outputs] OTLP http://collector:4318/v1/metrics: 2 of 2 intervals exported",
    ]);
  });

  it("starts nothing when a header's variable is unset", async () => {
    await expect(
      startOutputs({
        configs: outputsOf([{ type: "otlp", url: "http://collector:4318", headers: { "x-key": env("MISSING_KEY") } }]),
        env: {},
        labels: { runId: "r1", target: "local", scenario: "smoke" },
        live: new LiveEvents(),
        output: memoryOutput(),
        version: "1.2.3",
        makeExporter: () => {
          throw new Error("no exporter may be made");
        },
      }),
    ).rejects.toThrow(OutputsError);
  });
});
