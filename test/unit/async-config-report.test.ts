// The async function in config (local and aws targets), the lambda channel's place in the mix, and the report's
// async finding and charts on small handwritten metric series.

import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../config/errors.ts";
import { loadConfig } from "../../config/load.ts";
import { awsTargetSchema } from "../../config/schema-target.ts";
import { validateConfig } from "../../config/validate.ts";
import { channelCycle } from "../../loadtests/engine/channel-mix.ts";
import { computeFindings } from "../../reports/findings/index.ts";
import type { MetricSeries } from "../../reports/metrics-file.ts";
import { asyncCharts } from "../../reports/render/async-charts.ts";
import { asyncFunctionDlqs, bareFunctionName } from "../../runner/async-function-sources.ts";
import { resolveAwsTarget } from "../../runner/resolve-aws-target.ts";

const t0 = 1_800_000_000;

function problems(target: Record<string, unknown>): string[] {
  try {
    validateConfig({ targets: { local: { kind: "local", ...target } } }, "/repo/harness.config.ts");
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => p.path);
    throw error;
  }
  return [];
}

describe("asyncFunction in a local target", () => {
  it("takes AWS's defaults and a local time scale", () => {
    const config = validateConfig({ targets: { local: { kind: "local", asyncFunction: {} } } }, undefined);
    const target = config.targets.local;
    expect(target?.kind === "local" && target.asyncFunction).toEqual({
      maximumRetryAttempts: 2,
      maximumEventAgeSeconds: 21_600,
      timeScale: 0.01,
      concurrency: 32,
      destination: true,
      dlq: true,
      ruleTarget: false,
    });
  });

  it("refuses AWS's out-of-range settings and a team async function without the Invoke API or a sink", () => {
    expect(problems({ asyncFunction: { maximumRetryAttempts: 3, maximumEventAgeSeconds: 59 } })).toEqual([
      "targets.local.asyncFunction.maximumRetryAttempts",
      "targets.local.asyncFunction.maximumEventAgeSeconds",
    ]);
    expect(problems({ functions: { async: { handler: "./fn.ts" } } }).sort()).toEqual([
      "targets.local.asyncFunction",
      "targets.local.sinks",
    ]);
  });

  it("resolves functions.async against the config file", () => {
    const config = validateConfig(
      {
        targets: {
          local: {
            kind: "local",
            asyncFunction: {},
            functions: { async: { handler: "./src/fn.ts#run" } },
            sinks: [{ name: "o", table: "orders" }],
          },
        },
      },
      "/repo/harness.config.ts",
    );
    const target = config.targets.local;
    expect(target?.kind === "local" && target.functions?.async?.handler).toBe("/repo/src/fn.ts#run");
  });
});

describe("examples/async", () => {
  it("is a valid config with both targets and its scenario", async () => {
    const loaded = await loadConfig(fileURLToPath(new URL("../../examples/async/", import.meta.url)));
    expect(Object.keys(loaded.config.targets)).toEqual(["local", "staging"]);
    expect(loaded.config.scenarios["async-chaos"]?.channels).toEqual({ lambda: 1, events: 1 });
  });
});

describe("asyncFunctions in an aws target", () => {
  const target = awsTargetSchema.parse({
    kind: "aws",
    environment: "test",
    region: "eu-west-1",
    maxRps: 10,
    sinks: [{ name: "s", table: "orders" }],
    asyncFunctions: [
      {
        name: "orders-async",
        functionName: "orders-async",
        destinationQueueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/orders-async-failures",
        dlqUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/orders-async-dlq",
        idPath: "detail.id",
      },
    ],
  });

  it("invokes the first on the lambda channel and reads its destination and DLQ as DLQs", () => {
    const resolved = resolveAwsTarget("t", target, {});
    expect(resolved.lambda).toEqual({ functionName: "orders-async" });
    expect(resolved.dlqs.map((d) => [d.name, d.idPath])).toEqual([
      ["orders-async-destination", "requestPayload.detail.id"],
      ["orders-async-dlq", "detail.id"],
    ]);
    expect(resolved.metrics.map((m) => `${m.id} ${m.metricName} ${m.stat}`)).toEqual([
      "asyncEventsReceived AsyncEventsReceived Sum",
      "asyncEventAge AsyncEventAge Average",
      "asyncEventAgeMax AsyncEventAge Maximum",
      "asyncEventsDropped AsyncEventsDropped Sum",
      "asyncDestinationFailures DestinationDeliveryFailures Sum",
      "asyncInvocations Invocations Sum",
      "asyncErrors Errors Sum",
      "asyncThrottles Throttles Sum",
    ]);
    expect(resolved.metrics.every((m) => m.dimensions.FunctionName === "orders-async")).toBe(true);
  });

  it("takes the metrics' FunctionName from a name or an ARN", () => {
    expect(bareFunctionName("arn:aws:lambda:eu-west-1:123456789012:function:orders-async:live")).toBe("orders-async");
    expect(bareFunctionName("orders-async")).toBe("orders-async");
  });

  it("names a second function's sources apart", () => {
    expect(asyncFunctionDlqs([{ name: "b", functionName: "b", dlqUrl: "u", idPath: "id" }])).toEqual([
      { name: "b-dlq", queueUrl: "u", idPath: "id" },
    ]);
  });
});

describe("the lambda channel in the mix", () => {
  it("interleaves with the others by weight and leaves the existing cycles as they were", () => {
    expect(channelCycle({ http: 1, lambda: 1 })).toEqual(["http", "lambda"]);
    expect(channelCycle({ lambda: 2 })).toEqual(["lambda"]);
    expect(channelCycle({ http: 2, events: 1 })).toEqual(["http", "events", "http"]);
  });
});

function series(metricName: string, stat: string, values: number[]): MetricSeries {
  return {
    id: metricName,
    label: metricName,
    namespace: "AWS/Lambda",
    metricName,
    dimensions: { FunctionName: "orders-async" },
    stat,
    role: "other",
    unit: "",
    points: values.map((v, i) => [t0 + i * 60, v]),
    status: "Complete",
  };
}

describe("the async finding and charts", () => {
  const metrics = [
    series("AsyncEventsReceived", "Sum", [100, 50]),
    series("Invocations", "Sum", [130, 60]),
    series("Errors", "Sum", [40, 10]),
    series("AsyncEventsDropped", "Sum", [5, 0]),
    series("DestinationDeliveryFailures", "Sum", [0, 0]),
    series("AsyncEventAge", "Average", [20, 300]),
    series("AsyncEventAge", "Maximum", [1_200, 2_400]),
    // Another function's invocations are not this one's.
    { ...series("Invocations", "Sum", [999]), dimensions: { FunctionName: "orders-consumer" } },
  ];
  const input = {
    client: [],
    clientSource: "load-summary" as const,
    samples: [],
    queues: [],
    dlqs: [],
    metrics,
    metricsPeriodSeconds: 60,
    verdict: null,
    loadStart: t0 * 1000,
    loadEnd: (t0 + 120) * 1000,
    chaos: [],
  };

  it("counts retries as invocations above one per event, and names the oldest event age", () => {
    const found = computeFindings(input, null).filter((f) => f.kind === "asyncRetries");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      severity: "warning",
      functionName: "orders-async",
      received: 150,
      invocations: 190,
      retries: 40,
      errors: 50,
      dropped: 5,
      destinationFailures: 0,
      eventAgeMaxMs: 2_400,
    });
  });

  it("has no finding without async metrics", () => {
    expect(computeFindings({ ...input, metrics: [] }, null).some((f) => f.kind === "asyncRetries")).toBe(false);
  });

  it("draws received, invocations, errors and drops on one chart and the event age on another", () => {
    const charts = asyncCharts(metrics, 60, { start: t0, end: t0 + 120 }, { t0, t1: t0 + 120, origin: t0, bands: [] });
    expect(charts.map((c) => [c.id, c.series.map((s) => s.name)])).toEqual([
      ["chart-async-retries-0", ["AsyncEventsReceived", "Invocations", "Errors", "AsyncEventsDropped"]],
      ["chart-async-age-0", ["average", "highest"]],
    ]);
  });
});
