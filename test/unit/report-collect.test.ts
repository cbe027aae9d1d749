// CloudWatch collection without a network: period choice, pagination, 500-query batches, AWS names; the sampler's isolation.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { memoryOutput } from "../../common/output.ts";
import type { MetricQueryConfig } from "../../config/schema-target.ts";
import { awsMetricQueries } from "../../reports/collect/aws-metrics.ts";
import { collectMetrics } from "../../reports/collect/cloudwatch.ts";
import { choosePeriod } from "../../reports/collect/period.ts";
import { startSampler } from "../../reports/collect/sampler.ts";
import { MetricsCollectError } from "../../reports/errors.ts";
import { parseSamples } from "../../reports/samples.ts";

const now = Date.UTC(2027, 0, 15, 12, 0, 0);
const minute = 60_000;

describe("choosePeriod", () => {
  it.each<[string, number, number, number, number]>([
    ["5-minute high-resolution run: 1 s", now - 5 * minute, now, 1, 1],
    ["1-hour high-resolution run: 5 s (at most 1,440 points)", now - 60 * minute, now, 1, 5],
    ["2-hour high-resolution run: 5 s", now - 120 * minute, now - minute, 1, 5],
    ["standard-resolution metrics: never under 60 s", now - 5 * minute, now, 60, 60],
    ["a 1-day window: multiple of 60", now - 24 * 60 * minute, now, 60, 60],
    ["a 3-day window: 180 s", now - 3 * 24 * 60 * minute, now, 60, 180],
    ["high-resolution data older than 3 hours: 60 s", now - 5 * 60 * minute, now - 4 * 60 * minute, 1, 60],
    [
      "data older than 15 days: 5 minutes",
      now - 20 * 24 * 60 * minute,
      now - 20 * 24 * 60 * minute + 10 * minute,
      60,
      300,
    ],
    [
      "data older than 63 days: 1 hour",
      now - 70 * 24 * 60 * minute,
      now - 70 * 24 * 60 * minute + 10 * minute,
      60,
      3600,
    ],
  ])("%s", (_name, startMs, endMs, resolutionSeconds, expected) => {
    expect(choosePeriod({ startMs, endMs, nowMs: now, resolutionSeconds })).toBe(expected);
  });
});

describe("collectMetrics", () => {
  const cw = mockClient(CloudWatchClient);
  afterEach(() => cw.reset());
  const clients = { cloudwatch: new CloudWatchClient({ region: "us-east-1" }) };

  it("follows NextToken and merges the pages of each series, in time order, with AWS names understood", async () => {
    const queries = awsMetricQueries.lambda("fn", "consumer").slice(0, 2);
    const t = (m: number) => new Date(now - 10 * minute + m * minute);
    cw.on(GetMetricDataCommand)
      .resolvesOnce({
        MetricDataResults: [
          { Id: "fn_Throttles", Timestamps: [t(0), t(1)], Values: [0, 5], StatusCode: "PartialData" },
          { Id: "fn_Errors", Timestamps: [t(0)], Values: [1], StatusCode: "PartialData" },
        ],
        NextToken: "page-2",
      })
      .resolvesOnce({
        MetricDataResults: [
          { Id: "fn_Throttles", Timestamps: [t(2)], Values: [7], StatusCode: "Complete" },
          { Id: "fn_Errors", Timestamps: [t(1)], Values: [0], StatusCode: "Complete" },
        ],
        Messages: [{ Code: "Info", Value: "sampled" }],
      });
    const file = await collectMetrics({
      clients,
      queries,
      start: now - 10 * minute,
      end: now - 7 * minute,
      now: () => now,
    });
    const calls = cw.commandCalls(GetMetricDataCommand);
    expect(calls.map((c) => c.args[0].input.NextToken)).toEqual([undefined, "page-2"]);
    expect(calls[0]?.args[0].input.MetricDataQueries?.[0]).toEqual({
      Id: "fn_Throttles",
      Label: undefined,
      ReturnData: true,
      MetricStat: {
        Metric: {
          Namespace: "AWS/Lambda",
          MetricName: "Throttles",
          Dimensions: [{ Name: "FunctionName", Value: "consumer" }],
        },
        Period: 60,
        Stat: "Sum",
      },
    });
    expect(file).toEqual({
      schemaVersion: 1,
      collectedAt: new Date(now).toISOString(),
      start: now - 10 * minute,
      end: now - 6 * minute,
      periodSeconds: 60,
      series: [
        {
          id: "fn_Throttles",
          label: "Throttles consumer",
          namespace: "AWS/Lambda",
          metricName: "Throttles",
          dimensions: { FunctionName: "consumer" },
          stat: "Sum",
          role: "throttle",
          unit: "count",
          points: [0, 1, 2].map((m) => [(now - 10 * minute + m * minute) / 1000, [0, 5, 7][m]]),
          status: "Complete",
        },
        {
          id: "fn_Errors",
          label: "Errors consumer",
          namespace: "AWS/Lambda",
          metricName: "Errors",
          dimensions: { FunctionName: "consumer" },
          stat: "Sum",
          role: "error",
          unit: "count",
          points: [
            [(now - 10 * minute) / 1000, 1],
            [(now - 9 * minute) / 1000, 0],
          ],
          status: "Complete",
        },
      ],
      problems: ["Info: sampled"],
    });
  });

  it("sends at most 500 queries per call", async () => {
    const queries: MetricQueryConfig[] = Array.from({ length: 1201 }, (_, i) => ({
      id: `q${i}`,
      namespace: "Custom",
      metricName: "M",
      dimensions: {},
      stat: "Sum",
    }));
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    await collectMetrics({ clients, queries, start: now - minute, end: now, now: () => now });
    expect(cw.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input.MetricDataQueries?.length)).toEqual([
      500, 500, 201,
    ]);
  });

  it("turns an unreachable CloudWatch into a MetricsCollectError with a hint", async () => {
    cw.on(GetMetricDataCommand).rejects(new Error("connect ECONNREFUSED"));
    const attempt = collectMetrics({
      clients,
      queries: awsMetricQueries.sqs("q", "orders"),
      start: now - minute,
      end: now,
    });
    await expect(attempt).rejects.toBeInstanceOf(MetricsCollectError);
    await expect(attempt).rejects.toThrow("connect ECONNREFUSED");
  });
});

describe("startSampler", () => {
  const sqs = mockClient(SQSClient);
  afterEach(() => sqs.reset());

  it("keeps sampling the queues that answer and reports a failing one once", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "harness-sampler-")), "samples.ndjson");
    sqs.on(GetQueueAttributesCommand, { QueueUrl: "http://q/000000000000/ok" }).resolves({
      Attributes: {
        ApproximateNumberOfMessages: "3",
        ApproximateNumberOfMessagesNotVisible: "2",
        ApproximateNumberOfMessagesDelayed: "1",
      },
    });
    sqs
      .on(GetQueueAttributesCommand, { QueueUrl: "http://q/000000000000/gone" })
      .rejects(new Error("queue does not exist"));
    const output = memoryOutput();
    let clock = 1000;
    const sampler = startSampler({
      clients: { sqs: new SQSClient({ region: "us-east-1" }) },
      queues: [
        { name: "ok", queueUrl: "http://q/000000000000/ok" },
        { name: "gone", queueUrl: "http://q/000000000000/gone" },
      ],
      file,
      intervalMs: 20,
      output,
      now: () => (clock += 1000),
    });
    await new Promise((r) => setTimeout(r, 150));
    await sampler.stop();
    const { samples, badLines } = parseSamples(readFileSync(file, "utf8"));
    expect(badLines).toBe(0);
    // At least the first poll and the one stop() takes; more when the timer got its turns.
    expect(samples.length).toBeGreaterThanOrEqual(2);
    expect(new Set(samples.map((s) => s.queue))).toEqual(new Set(["ok"]));
    expect(samples[0]).toEqual({ t: 2000, queue: "ok", visible: 3, notVisible: 2, delayed: 1 });
    expect(output.stderr).toEqual(["sampler: cannot read the depth of gone: queue does not exist"]);
  });
});
