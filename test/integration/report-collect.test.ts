// Collectors against the real emulators: GetMetricData on moto's CloudWatch, the depth sampler on fauxqs.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageBatchCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AwsClients, createAwsClients } from "../../aws/clients.ts";
import { memoryOutput } from "../../common/output.ts";
import { freePort } from "../../local/emulators/free-port.ts";
import { type RunningService, startService, stopAndWait } from "../../local/emulators/service.ts";
import { fauxqsSpec, motoSpec } from "../../local/emulators/specs.ts";
import { awsMetricQueries, collectMetrics, startSampler } from "../../reports/index.ts";
import { parseSamples } from "../../reports/samples.ts";

describe("report collectors on the emulators", () => {
  const dir = mkdtempSync(join(tmpdir(), "harness-report-collect-"));
  let services: RunningService[] = [];
  let aws: AwsClients;

  beforeAll(async () => {
    const [sqsPort, cwPort] = await Promise.all([freePort(), freePort()]);
    services = await Promise.all([
      startService(fauxqsSpec(sqsPort, "us-east-1"), join(dir, "fauxqs.log")),
      startService(motoSpec(cwPort), join(dir, "moto.log")),
    ]);
    const [fauxqs, moto] = services.map((s) => s.endpoint);
    if (fauxqs === undefined || moto === undefined) throw new Error("an emulator did not start");
    aws = createAwsClients({
      region: "us-east-1",
      staticCredentials: { accessKeyId: "local", secretAccessKey: "local" },
      endpoints: { sqs: fauxqs, cloudwatch: moto },
    });
  });

  afterAll(async () => {
    aws?.destroy();
    await Promise.all(services.map((s) => stopAndWait(s.pid)));
  });

  it("collects what was put under AWS's Lambda names, per period, over the run window", async () => {
    const minute = 60_000;
    const base = Math.floor(Date.now() / minute) * minute - 3 * minute;
    const put = (offsetMs: number, name: string, value: number) => ({
      MetricName: name,
      Dimensions: [{ Name: "FunctionName", Value: "consumer" }],
      Timestamp: new Date(base + offsetMs),
      Value: value,
    });
    await aws.cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: "AWS/Lambda",
        MetricData: [
          put(5_000, "Throttles", 2),
          put(20_000, "Throttles", 3),
          put(minute + 10_000, "Throttles", 7),
          put(10_000, "Invocations", 100),
          put(2 * minute + 1_000, "Invocations", 40),
        ],
      }),
    );
    const queries = awsMetricQueries
      .lambda("fn", "consumer")
      .filter((q) => ["Throttles", "Invocations"].includes(q.metricName));
    const file = await collectMetrics({ clients: aws, queries, start: base, end: base + 3 * minute - 1 });
    expect(file.periodSeconds).toBe(60);
    const byId = Object.fromEntries(file.series.map((s) => [s.id, s]));
    expect(byId.fn_Throttles?.role).toBe("throttle");
    expect(byId.fn_Throttles?.points).toEqual([
      [base / 1000, 5],
      [base / 1000 + 60, 7],
    ]);
    expect(byId.fn_Invocations?.points).toEqual([
      [base / 1000, 100],
      [base / 1000 + 120, 40],
    ]);
    expect(file.problems).toEqual([]);

    // High-resolution (the local stack's own metrics): a 1 s period keeps each point in its second.
    const fine = await collectMetrics({
      clients: aws,
      queries: queries.filter((q) => q.metricName === "Throttles"),
      start: base,
      end: base + 3 * minute - 1,
      resolutionSeconds: 1,
    });
    expect(fine.periodSeconds).toBe(1);
    expect(fine.series[0]?.points).toEqual([
      [base / 1000 + 5, 2],
      [base / 1000 + 20, 3],
      [base / 1000 + 70, 7],
    ]);
  });

  it("samples queue and DLQ depths into samples.ndjson while messages arrive and are received", async () => {
    const { QueueUrl: queueUrl } = await aws.sqs.send(new CreateQueueCommand({ QueueName: "report-orders" }));
    const { QueueUrl: dlqUrl } = await aws.sqs.send(new CreateQueueCommand({ QueueName: "report-orders-dlq" }));
    if (queueUrl === undefined || dlqUrl === undefined) throw new Error("fauxqs returned no queue URL");
    const file = join(dir, "samples.ndjson");
    const output = memoryOutput();
    const sampler = startSampler({
      clients: aws,
      queues: [
        { name: "orders", queueUrl },
        { name: "orders-dlq", queueUrl: dlqUrl },
      ],
      file,
      intervalMs: 150,
      output,
    });
    const entries = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ Id: String(i), MessageBody: `{"id":"m${i}"}` }));
    await aws.sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries(10) }));
    await aws.sqs.send(new SendMessageBatchCommand({ QueueUrl: dlqUrl, Entries: entries(3) }));
    await new Promise((r) => setTimeout(r, 700));
    await aws.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 4, VisibilityTimeout: 60 }),
    );
    await new Promise((r) => setTimeout(r, 700));
    await sampler.stop();

    const { samples, badLines } = parseSamples(readFileSync(file, "utf8"));
    expect(badLines).toBe(0);
    expect(output.stderr).toEqual([]);
    const orders = samples.filter((s) => s.queue === "orders");
    expect(orders.length).toBeGreaterThanOrEqual(3);
    expect(orders.at(-1)).toMatchObject({ visible: 6, notVisible: 4, delayed: 0 });
    expect(samples.filter((s) => s.queue === "orders-dlq").at(-1)).toMatchObject({ visible: 3, notVisible: 0 });
    expect(orders.map((s) => s.visible + s.notVisible)).toContain(10);
  });
});
