// The local target's pipeline against the real emulators: throttling, redrive, EventBridge delivery and retries,
// idempotent sink, CloudWatch metrics, and the bug modes' harmed IDs, all asserted on counts.
import { GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AwsClients, createAwsClients } from "../../aws/clients.ts";
import { newRunId } from "../../common/run-id.ts";
import type { ResolvedTarget } from "../../contracts/target.ts";
import { clearHarmed, readControl, setFaults } from "../../local/control-client.ts";
import { resolveLocalTarget } from "../../local/resolve.ts";
import { startStack, stopStack } from "../../local/stack.ts";
import type { LocalState } from "../../local/state.ts";
import {
  drainQueue,
  localTarget,
  payload,
  postOrder,
  queueDepth,
  readSink,
  tempCwd,
  waitFor,
} from "./local-helpers.ts";

const target = localTarget({
  gateway: { rate: 1000, burst: 200 },
  // Short enough for quick redelivery, long enough that a slow, shared machine never redelivers mid-invocation.
  consumers: { batchSize: 10, maxConcurrency: 4, visibilityTimeoutSeconds: 2 },
  maxReceiveCount: 2,
});

describe("local target pipeline", () => {
  const cwd = tempCwd();
  let state: LocalState;
  let resolved: ResolvedTarget;
  let aws: AwsClients;
  let control: string;
  let orders: string;
  const res = () => {
    if (state.resources === undefined) throw new Error("no resources");
    return state.resources;
  };
  const stat = async (name: string) => (await readControl(control)).stats[name] ?? 0;

  beforeAll(async () => {
    state = await startStack(cwd, "local", target, { metricsIntervalMs: 1_000 });
    resolved = resolveLocalTarget(state, "local", target);
    aws = createAwsClients(resolved.aws);
    control = resolved.control?.url ?? "";
    orders = resolved.http?.url ?? "";
  });

  afterAll(async () => {
    aws?.destroy();
    await stopStack(cwd);
  });

  it("validates the body (400) and answers 200 with the SQS MessageId", async () => {
    const runId = newRunId();
    const bad = await postOrder(orders, '{"id":42}');
    expect(bad).toEqual({ status: 400, body: '{"message":"Invalid request body"}' });
    const ok = await postOrder(orders, payload(`${runId}-smoke-1`));
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body).SendMessageResponse.SendMessageResult.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    const rows = await waitFor(
      "the sink item",
      () => readSink(aws, res().table, runId),
      (r) => r.length === 1,
    );
    expect(rows[0]).toMatchObject({ id: `${runId}-smoke-1`, path: "http", attempts: 1 });
  });

  it("answers 504 past the integration timeout, while the message may still go through (an unknown outcome)", async () => {
    const runId = newRunId();
    await setFaults(control, { gatewayLatencyMs: 600, gatewayTimeoutMs: 200 });
    let res504: { status: number; body: string };
    try {
      res504 = await postOrder(orders, payload(`${runId}-slow-1`));
    } finally {
      await setFaults(control, { gatewayLatencyMs: 0, gatewayTimeoutMs: 29_000 });
    }
    expect(res504).toEqual({ status: 504, body: '{"message":"Endpoint request timed out"}' });
    const rows = await waitFor(
      "the timed-out order in the sink",
      () => readSink(aws, res().table, runId),
      (r) => r.length === 1,
    );
    expect(rows[0]?.id).toBe(`${runId}-slow-1`);
  });

  it("throttles a burst above the bucket with 429s and accepts no more than rate x time + burst", async () => {
    // Low enough that even a slow, shared machine sends faster than the bucket refills.
    const rate = 20;
    const burst = 10;
    await setFaults(control, { gatewayRate: rate, gatewayBurst: burst });
    await new Promise((r) => setTimeout(r, 500)); // let the bucket fill to its burst
    const runId = newRunId();
    const started = performance.now();
    const waves = await Promise.all(
      [0, 400, 800].map(async (delay, wave) => {
        await new Promise((r) => setTimeout(r, delay));
        return Promise.all(
          Array.from({ length: 60 }, (_, i) => {
            const id = `${runId}-spike-${wave * 60 + i}`;
            return postOrder(orders, payload(id)).then((r) => ({ id, ...r }));
          }),
        );
      }),
    );
    const elapsedS = (performance.now() - started) / 1000;
    await setFaults(control, { gatewayRate: target.gateway.rate, gatewayBurst: target.gateway.burst });
    const results = waves.flat();
    const accepted = results.filter((r) => r.status === 200);
    const throttled = results.filter((r) => r.status === 429);
    expect(accepted.length + throttled.length).toBe(180);
    expect(throttled.length).toBeGreaterThan(0);
    expect(throttled[0]?.body).toBe('{"message":"Too Many Requests"}');
    expect(accepted.length).toBeGreaterThanOrEqual(burst);
    expect(accepted.length).toBeLessThanOrEqual(Math.floor(rate * elapsedS + burst));
    const rows = await waitFor(
      "accepted orders in the sink",
      () => readSink(aws, res().table, runId),
      (r) => r.length >= accepted.length,
    );
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(accepted.map((r) => r.id)));
  });

  it("redrives failing messages to the DLQ after exactly maxReceiveCount (2) receives", async () => {
    const runId = newRunId();
    const failedBefore = await stat("local:RecordsFailed");
    await setFaults(control, { consumerErrorRate: 1 });
    const ids = Array.from({ length: 10 }, (_, i) => `${runId}-fail-${i}`);
    try {
      for (const id of ids) {
        await aws.sqs.send(new SendMessageCommand({ QueueUrl: res().ingestQueueUrl, MessageBody: payload(id) }));
      }
      await waitFor(
        "10 messages in the DLQ",
        () => queueDepth(aws, res().ingestDlqUrl),
        (n) => n >= 10,
      );
    } finally {
      await setFaults(control, { consumerErrorRate: 0 });
    }
    const dead = await drainQueue(aws, res().ingestDlqUrl);
    expect(dead.map((m) => JSON.parse(m.Body ?? "{}").id).sort()).toEqual([...ids].sort());
    // Every message was handed to the handler twice and failed twice; the third receive redrove it.
    expect((await stat("local:RecordsFailed")) - failedBefore).toBe(20);
    expect(await readSink(aws, res().table, runId)).toEqual([]);
  });

  it("throttles invocations over the function's concurrency: batches return and, past maxReceiveCount, dead-letter", async () => {
    const runId = newRunId();
    const throttlesBefore = await stat("AWS/Lambda:Throttles");
    // One slow invocation at a time against four pollers: the classic spike-to-DLQ shape.
    await setFaults(control, { consumerMaxConcurrency: 1, consumerLatencyMs: 1_200 });
    const ids = Array.from({ length: 40 }, (_, i) => `${runId}-throttle-${i}`);
    let dead: string[] = [];
    try {
      await Promise.all(
        ids.map((id) =>
          aws.sqs.send(new SendMessageCommand({ QueueUrl: res().ingestQueueUrl, MessageBody: payload(id) })),
        ),
      );
      await waitFor(
        "the ingest queue to drain",
        () => queueDepth(aws, res().ingestQueueUrl),
        (d) => d === 0,
        60_000,
      );
    } finally {
      await setFaults(control, { consumerMaxConcurrency: 0, consumerLatencyMs: 0 });
      dead = (await drainQueue(aws, res().ingestDlqUrl)).map((m) => String(JSON.parse(m.Body ?? "{}").id));
    }
    expect((await stat("AWS/Lambda:Throttles")) - throttlesBefore).toBeGreaterThan(0);
    expect(dead.length).toBeGreaterThan(0);
    // Nothing is lost: every message is in the sink or the DLQ, never both.
    const sunk = (await readSink(aws, res().table, runId)).map((r) => r.id);
    expect([...sunk, ...dead].sort()).toEqual([...ids].sort());
  });

  it("gathers fuller batches within the event source mapping's batching window", async () => {
    const runId = newRunId();
    const invocationsBefore = await stat("AWS/Lambda:Invocations");
    await setFaults(control, { consumerBatchWindowMs: 1_000 });
    const ids = Array.from({ length: 20 }, (_, i) => `${runId}-window-${i}`);
    try {
      // A trickle: without a window, each message wakes a long-polling poller and goes (nearly) alone.
      for (const id of ids) {
        await aws.sqs.send(new SendMessageCommand({ QueueUrl: res().ingestQueueUrl, MessageBody: payload(id) }));
        await new Promise((r) => setTimeout(r, 40));
      }
      await waitFor(
        "the sink",
        () => readSink(aws, res().table, runId),
        (r) => r.length === ids.length,
      );
    } finally {
      await setFaults(control, { consumerBatchWindowMs: 0 });
    }
    // Four pollers, each holding its batch open for the window: a handful of invocations (measured 5), not twenty.
    expect((await stat("AWS/Lambda:Invocations")) - invocationsBefore).toBeLessThanOrEqual(10);
  });

  it("writes a repeated message once and counts the duplicate attempt", async () => {
    const runId = newRunId();
    const body = payload(`${runId}-dup-1`);
    await aws.sqs.send(new SendMessageCommand({ QueueUrl: res().ingestQueueUrl, MessageBody: body }));
    await waitFor(
      "first write",
      () => readSink(aws, res().table, runId),
      (r) => r.length === 1,
    );
    await aws.sqs.send(new SendMessageCommand({ QueueUrl: res().ingestQueueUrl, MessageBody: body }));
    const rows = await waitFor(
      "duplicate attempt",
      () => readSink(aws, res().table, runId),
      (r) => r[0]?.duplicateAttempts === 1,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: `${runId}-dup-1`, path: "sqs", duplicateAttempts: 1 });
  });

  it("delivers an event put on the bus through the rule and the events queue to the sink", async () => {
    const runId = newRunId();
    const events = resolved.events;
    if (events === undefined) throw new Error("no events");
    const ids = Array.from({ length: 5 }, (_, i) => `${runId}-events-${i}`);
    const out = await aws.events.send(
      new PutEventsCommand({
        Entries: ids.map((id) => ({
          EventBusName: events.busName,
          Source: events.source,
          DetailType: events.detailType,
          Detail: payload(id),
        })),
      }),
    );
    expect(out.FailedEntryCount).toBe(0);
    expect(out.Entries?.every((e) => typeof e.EventId === "string")).toBe(true);
    const rows = await waitFor(
      "events in the sink",
      () => readSink(aws, res().table, runId),
      (r) => r.length === 5,
    );
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(rows.every((r) => r.path === "events")).toBe(true);
    // An event no rule matches is accepted and goes nowhere.
    const unmatched = await aws.events.send(
      new PutEventsCommand({
        Entries: [{ EventBusName: events.busName, Source: "other", DetailType: "X", Detail: payload(`${runId}-x-1`) }],
      }),
    );
    expect(unmatched.FailedEntryCount).toBe(0);
  });

  it("answers per-entry ThrottlingException above the PutEvents quota", async () => {
    await setFaults(control, { eventsPutRate: 5 });
    const events = resolved.events;
    if (events === undefined) throw new Error("no events");
    const runId = newRunId();
    let n = 0;
    const started = performance.now();
    const calls = await Promise.all(
      Array.from({ length: 4 }, () =>
        aws.events.send(
          new PutEventsCommand({
            Entries: Array.from({ length: 10 }, () => ({
              EventBusName: events.busName,
              Source: events.source,
              DetailType: events.detailType,
              Detail: payload(`${runId}-quota-${n++}`),
            })),
          }),
        ),
      ),
    );
    const elapsedS = (performance.now() - started) / 1000;
    await setFaults(control, { eventsPutRate: target.eventsPutRate });
    const entries = calls.flatMap((c) => c.Entries ?? []);
    const throttled = entries.filter((e) => e.ErrorCode === "ThrottlingException");
    const accepted = entries.filter((e) => e.EventId !== undefined);
    expect(throttled.length + accepted.length).toBe(40);
    expect(throttled.length).toBeGreaterThan(0);
    expect(calls.reduce((a, c) => a + (c.FailedEntryCount ?? 0), 0)).toBe(throttled.length);
    expect(accepted.length).toBeLessThanOrEqual(Math.floor(5 * elapsedS + 5));
    await waitFor(
      "accepted events in the sink",
      () => readSink(aws, res().table, runId),
      (r) => r.length === accepted.length,
    );
  });

  it("retries delivery to an unavailable target with backoff, then sends the event to the target DLQ", async () => {
    const events = resolved.events;
    if (events === undefined) throw new Error("no events");
    const runId = newRunId();
    const retriesBefore = await stat("AWS/Events:RetryInvocationAttempts");
    await setFaults(control, { eventsTargetFailureRate: 1, eventsMaxRetryAttempts: 3, eventsBackoffBaseMs: 200 });
    const ids = Array.from({ length: 4 }, (_, i) => `${runId}-unavailable-${i}`);
    const started = Date.now();
    try {
      await aws.events.send(
        new PutEventsCommand({
          Entries: ids.map((id) => ({
            EventBusName: events.busName,
            Source: events.source,
            DetailType: events.detailType,
            Detail: payload(id),
          })),
        }),
      );
      await waitFor(
        "4 events in the target DLQ",
        () => queueDepth(aws, res().eventsTargetDlqUrl),
        (d) => d >= 4,
      );
    } finally {
      await setFaults(control, { eventsTargetFailureRate: 0, eventsMaxRetryAttempts: 185, eventsBackoffBaseMs: 1000 });
    }
    const elapsed = Date.now() - started;
    // Equal jitter never waits less than half of each step: 100 + 200 + 400 ms before the last attempt.
    expect(elapsed).toBeGreaterThanOrEqual(700);
    expect((await stat("AWS/Events:RetryInvocationAttempts")) - retriesBefore).toBe(12);
    const dead = await drainQueue(aws, res().eventsTargetDlqUrl);
    expect(dead.map((m) => JSON.parse(m.Body ?? "{}").detail.id).sort()).toEqual([...ids].sort());
    const attributes = dead[0]?.MessageAttributes ?? {};
    expect(attributes.RETRY_ATTEMPTS?.StringValue).toBe("3");
    expect(attributes.EXHAUSTED_RETRY_CONDITION?.StringValue).toBe("MaximumRetryAttempts");
    expect(attributes.RULE_ARN?.StringValue).toContain(`rule/${events.busName}/`);
    expect(await readSink(aws, res().table, runId)).toEqual([]);
  });

  it("puts metrics under AWS's names that GetMetricData returns for the window", async () => {
    const windowStart = new Date(Date.now() - 10 * 60_000);
    const runId = newRunId();
    await postOrder(orders, "{}");
    for (let i = 0; i < 5; i++) await postOrder(orders, payload(`${runId}-metrics-${i}`));
    await waitFor(
      "orders in the sink",
      () => readSink(aws, res().table, runId),
      (r) => r.length === 5,
    );
    // Quiet now: let the publisher's next tick put everything counted so far.
    await new Promise((r) => setTimeout(r, 2_500));
    const stats = (await readControl(control)).stats;
    const queries = resolved.metrics.filter((m) =>
      ["apiCount", "api4xx", "lambdaInvocations", "eventsRetries", "eventsToDlq"].includes(m.id),
    );
    const data = await aws.cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: windowStart,
        EndTime: new Date(Date.now() + 60_000),
        MetricDataQueries: queries.map((q) => ({
          Id: q.id,
          MetricStat: {
            Metric: {
              Namespace: q.namespace,
              MetricName: q.metricName,
              Dimensions: Object.entries(q.dimensions).map(([Name, Value]) => ({ Name, Value })),
            },
            Period: 60,
            Stat: q.stat,
          },
        })),
      }),
    );
    const sums = Object.fromEntries(
      (data.MetricDataResults ?? []).map((r) => [r.Id, (r.Values ?? []).reduce((a, b) => a + b, 0)]),
    );
    expect(sums).toEqual({
      apiCount: stats["AWS/ApiGateway:Count"],
      api4xx: stats["AWS/ApiGateway:4XXError"],
      lambdaInvocations: stats["AWS/Lambda:Invocations"],
      eventsRetries: stats["AWS/Events:RetryInvocationAttempts"] ?? 0,
      eventsToDlq: stats["AWS/Events:InvocationsSentToDlq"] ?? 0,
    });
    expect(sums.apiCount).toBeGreaterThan(0);
    // Timings go up as statistic sets and peaks as values: Average and Maximum come back as on AWS.
    const shaped = resolved.metrics.filter((m) => ["lambdaDuration", "lambdaConcurrency", "apiLatency"].includes(m.id));
    const shapedData = await aws.cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: windowStart,
        EndTime: new Date(Date.now() + 60_000),
        MetricDataQueries: shaped.map((q) => ({
          Id: q.id,
          MetricStat: {
            Metric: {
              Namespace: q.namespace,
              MetricName: q.metricName,
              Dimensions: Object.entries(q.dimensions).map(([Name, Value]) => ({ Name, Value })),
            },
            Period: 60,
            Stat: q.stat,
          },
        })),
      }),
    );
    for (const result of shapedData.MetricDataResults ?? []) {
      expect(result.Values?.length, result.Id).toBeGreaterThan(0);
      for (const value of result.Values ?? []) expect(value, result.Id).toBeGreaterThan(0);
    }
    expect(shapedData.MetricDataResults).toHaveLength(3);
  });

  describe.each([
    ["silentDrop", "missing"],
    ["ackBeforeWrite", "missing"],
    ["doubleWrite", "doubled"],
  ] as const)("bug mode %s", (mode, harm) => {
    it(`harms exactly the IDs it records (${harm} from the sink)`, async () => {
      await clearHarmed(control);
      await setFaults(control, { [mode]: 0.3 });
      const runId = newRunId();
      const ids = Array.from({ length: 40 }, (_, i) => `${runId}-${mode.toLowerCase()}-${i}`);
      try {
        const sent = await Promise.all(ids.map((id) => postOrder(orders, payload(id))));
        expect(sent.every((s) => s.status === 200)).toBe(true);
        await waitFor(
          "the ingest queue to drain",
          () => queueDepth(aws, res().ingestQueueUrl),
          (d) => d === 0,
        );
      } finally {
        await setFaults(control, { [mode]: 0 });
      }
      const harmed = (await readControl(control)).harmed[mode] ?? [];
      const rows = await readSink(aws, res().table, runId);
      // A crashed invocation sends its other records round again, so with maxReceiveCount 2 some may be redriven:
      // collateral the DLQ accounts for, not loss. The harmed IDs are exactly the ones nowhere.
      const dead = new Set(
        (await drainQueue(aws, res().ingestDlqUrl)).map((m) => String(JSON.parse(m.Body ?? "{}").id)),
      );
      const perId = new Map<string, number>();
      for (const row of rows) perId.set(row.id, (perId.get(row.id) ?? 0) + 1);
      const found =
        harm === "missing"
          ? ids.filter((id) => !perId.has(id) && !dead.has(id))
          : [...perId].filter(([, count]) => count > 1).map(([id]) => id);
      expect(harmed.length).toBeGreaterThan(0);
      expect(harmed.length).toBeLessThan(ids.length);
      expect(found.sort()).toEqual([...harmed].sort());
      if (mode !== "ackBeforeWrite") expect(dead.size).toBe(0);
      // Every other ID is in the sink exactly once (or, after a crash, dead-lettered).
      for (const id of ids) if (!harmed.includes(id) && !dead.has(id)) expect(perId.get(id)).toBe(1);
    });
  });
});
