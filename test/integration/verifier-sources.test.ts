// The verifier's sources and drain against the real pinned emulators (fauxqs for SQS, dynalite for DynamoDB).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BatchWriteItemCommand } from "@aws-sdk/client-dynamodb";
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
} from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AwsClients, createAwsClients } from "../../aws/clients.ts";
import { memoryOutput } from "../../common/output.ts";
import { dlqSchema, sinkSchema } from "../../config/schema-target.ts";
import type { PlanFile } from "../../contracts/plan-file.ts";
import { runPaths } from "../../contracts/run-dir.ts";
import type { Verdict } from "../../contracts/verdict.ts";
import { resolveScenario } from "../../executors/index.ts";
import { freePort } from "../../local/emulators/free-port.ts";
import { type RunningService, startService, stopAndWait } from "../../local/emulators/service.ts";
import { dynaliteSpec, fauxqsSpec } from "../../local/emulators/specs.ts";
import { createSinkTable } from "../../local/provision.ts";
import { verifyCommand } from "../../verifier/command.ts";
import { drain } from "../../verifier/drain.ts";
import { emptyDlq, emptySink } from "../../verifier/evidence.ts";
import { verifyRun } from "../../verifier/index.ts";
import { readDlq } from "../../verifier/sources/dlq-reader.ts";
import { readSink } from "../../verifier/sources/dynamodb-sink.ts";

const region = "us-east-1";
const runId = "20261126T154200Z-itverify";
const otherRun = "20261126T120000Z-otherrun";
const id = (n: number, run = runId) => `${run}-smoke-${n}`;
const table = "verifier-sink";

describe("verifier against fauxqs and dynalite", () => {
  const logs = mkdtempSync(join(tmpdir(), "verifier-it-"));
  let services: RunningService[] = [];
  let aws: AwsClients;
  let endpoints: { sqs: string; dynamodb: string };

  const createQueue = async (name: string) =>
    (await aws.sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl as string;
  const send = async (queueUrl: string, bodies: string[]) => {
    for (let i = 0; i < bodies.length; i += 10) {
      await aws.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: bodies.slice(i, i + 10).map((MessageBody, k) => ({ Id: String(k), MessageBody })),
        }),
      );
    }
  };
  const visible = async (queueUrl: string) => {
    const { Attributes } = await aws.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["All"] }),
    );
    return [Number(Attributes?.ApproximateNumberOfMessages), Number(Attributes?.ApproximateNumberOfMessagesNotVisible)];
  };
  const receiveAll = async (queueUrl: string) => {
    const bodies: string[] = [];
    for (;;) {
      const { Messages = [] } = await aws.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          VisibilityTimeout: 60,
        }),
      );
      if (Messages.length === 0) return bodies.sort();
      bodies.push(...Messages.map((m) => m.Body ?? ""));
    }
  };
  const putItems = async (items: Array<Record<string, string | number>>) => {
    for (let i = 0; i < items.length; i += 25) {
      await aws.dynamodb.send(
        new BatchWriteItemCommand({
          RequestItems: {
            [table]: items.slice(i, i + 25).map((item) => ({
              PutRequest: {
                Item: Object.fromEntries(
                  Object.entries(item).map(([k, v]) => [k, typeof v === "number" ? { N: String(v) } : { S: v }]),
                ),
              },
            })),
          },
        }),
      );
    }
  };

  beforeAll(async () => {
    const [sqsPort, ddbPort] = await Promise.all([freePort(), freePort()]);
    services = await Promise.all([
      startService(fauxqsSpec(sqsPort, region), join(logs, "fauxqs.log")),
      startService(dynaliteSpec(ddbPort), join(logs, "dynalite.log")),
    ]);
    endpoints = { sqs: services[0]?.endpoint as string, dynamodb: services[1]?.endpoint as string };
    aws = createAwsClients({
      region,
      staticCredentials: { accessKeyId: "local", secretAccessKey: "local" },
      endpoints,
    });
    await createSinkTable(aws.dynamodb, table, "id");
    // 250 items of this run (enough for several pages with Limit 40), 30 of another run.
    await putItems([
      ...Array.from({ length: 250 }, (_, n) => ({ runId, id: id(n), sentAt: 1_000 + n, processedAt: 1_100 + n })),
      ...Array.from({ length: 30 }, (_, n) => ({ runId: otherRun, id: id(n, otherRun), sentAt: 1, processedAt: 2 })),
    ]);
  });

  afterAll(async () => {
    aws?.destroy();
    await Promise.all(services.map((s) => stopAndWait(s.pid)));
  });

  const base = { name: "sink", table, sentAtAttribute: "sentAt", processedAtAttribute: "processedAt" };
  it.each([
    [
      "Query on the run partition",
      sinkSchema.parse({ ...base, runPartition: { attribute: "runId", value: "{runId}" } }),
    ],
    ["parallel Scan with a run-prefix filter", sinkSchema.parse({ ...base, scanSegments: 3 })],
  ])("reads exactly this run's items by %s, across pages", async (_name, sink) => {
    const ev = emptySink();
    const status = await readSink({ client: aws.dynamodb, sink, runId, pageSize: 40 }, ev);
    expect(status).toEqual({ name: "sink", read: 250, complete: true });
    expect([...ev.ids.entries()]).toEqual(Array.from({ length: 250 }, (_, n) => [id(n), 1]));
    expect([ev.latency.count, ev.latency.percentile(50), ev.latency.max]).toEqual([250, 100, 100]);
  });

  it("reads a DLQ in full and leaves every message in it, receivable again", async () => {
    const dlqUrl = await createQueue("verifier-dlq");
    const bodies = [
      ...Array.from({ length: 23 }, (_, n) => JSON.stringify({ id: id(1000 + n), sentAt: 1 })),
      JSON.stringify({ version: "0", id: "0d7a-event", detail: { id: id(2000) } }),
      "not JSON",
    ];
    await send(dlqUrl, bodies);
    const before = await visible(dlqUrl);
    const ev = emptyDlq();
    const status = await readDlq(
      { client: aws.sqs, dlq: dlqSchema.parse({ name: "dlq", queueUrl: dlqUrl }), runId, peek: { waitTimeSeconds: 1 } },
      ev,
    );
    expect(status).toEqual({
      name: "dlq",
      read: 25,
      complete: true,
      unparseable: 1,
      unparseableSample: ["not JSON: not JSON"],
    });
    expect([...ev.ids.entries()].map(([x]) => x)).toEqual([
      ...Array.from({ length: 23 }, (_, n) => id(1000 + n)),
      id(2000),
    ]);
    expect(before).toEqual([25, 0]);
    expect(await visible(dlqUrl)).toEqual(before);
    expect(await receiveAll(dlqUrl)).toEqual([...bodies].sort());
  });

  it("moves this run's DLQ messages to the archive queue, leaves the rest, and finds them there on a second read", async () => {
    const dlqUrl = await createQueue("verifier-dlq-archived");
    const archiveUrl = await createQueue("verifier-dlq-archive");
    const mine = Array.from({ length: 14 }, (_, n) => JSON.stringify({ id: id(4000 + n) }));
    const others = [JSON.stringify({ id: id(1, otherRun) }), "not JSON"];
    await send(dlqUrl, [...mine, ...others]);
    const dlq = dlqSchema.parse({ name: "dlq", queueUrl: dlqUrl, archiveQueueUrl: archiveUrl });
    const read = async () => {
      const ev = emptyDlq();
      const status = await readDlq({ client: aws.sqs, dlq, runId, peek: { waitTimeSeconds: 1 } }, ev);
      return { status, ids: [...ev.ids.entries()].map(([x]) => x) };
    };
    const expectedIds = Array.from({ length: 14 }, (_, n) => id(4000 + n));

    const first = await read();
    expect(first.status).toEqual({
      name: "dlq",
      read: 16,
      complete: true,
      unparseable: 1,
      unparseableSample: ["not JSON: not JSON"],
      archived: 14,
    });
    expect(first.ids).toEqual(expectedIds);
    expect(await visible(dlqUrl)).toEqual([2, 0]);
    expect(await visible(archiveUrl)).toEqual([14, 0]);

    // A re-verification later: the DLQ no longer holds them, the archive does (read, not consumed).
    const second = await read();
    expect(second.ids).toEqual(expectedIds);
    expect(second.status).toMatchObject({ complete: true, archived: 0 });
    expect(await receiveAll(archiveUrl)).toEqual([...mine].sort());
    expect(await receiveAll(dlqUrl)).toEqual([...others].sort());
  });

  it("drain waits until a queue is emptied by its consumer", async () => {
    const queueUrl = await createQueue("verifier-drain");
    await send(
      queueUrl,
      Array.from({ length: 20 }, (_, n) => JSON.stringify({ id: id(3000 + n) })),
    );
    // A slow consumer: starts after a second, deletes everything.
    const consumer = (async () => {
      await new Promise((r) => setTimeout(r, 1_000));
      for (;;) {
        const { Messages = [] } = await aws.sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
        );
        if (Messages.length === 0) return;
        await aws.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle as string })),
          }),
        );
      }
    })();
    const output = memoryOutput();
    const result = await drain({
      sqs: aws.sqs,
      queues: [{ name: "work", queueUrl }],
      sinkCount: async () => 7,
      timeoutMs: 30_000,
      settleMs: 500,
      pollMs: 200,
      output,
    });
    await consumer;
    expect(result.timedOut).toBe(false);
    expect(result.remaining).toEqual({ work: 0 });
    expect(result.waitedMs).toBeGreaterThanOrEqual(1_000);
    expect(output.stderr[0]).toMatch(/^\[drain\] 20 message\(s\) still to arrive \(work 20\)/);
  });

  it("drain times out with what is left when nobody consumes", async () => {
    const queueUrl = await createQueue("verifier-stuck");
    await send(queueUrl, ["{}", "{}", "{}"]);
    const result = await drain({
      sqs: aws.sqs,
      queues: [{ name: "stuck", queueUrl }],
      sinkCount: undefined,
      timeoutMs: 1_000,
      settleMs: 100,
      pollMs: 200,
      output: memoryOutput(),
    });
    expect([result.timedOut, result.remaining]).toEqual([true, { stuck: 3 }]);
  });

  it("verifyRun and `harness verify` write verify.json and ID lists, leave the DLQ as it was, and exit 1 on loss", async () => {
    const runsDir = mkdtempSync(join(tmpdir(), "verifier-runs-"));
    const run = runPaths(join(runsDir, runId));
    mkdirSync(run.ledgerDir, { recursive: true });
    const dlqUrl = await createQueue("verifier-run-dlq");
    const queueUrl = await createQueue("verifier-run-queue");
    await send(dlqUrl, [JSON.stringify({ id: id(300) })]);
    await send(queueUrl, [JSON.stringify({ id: id(301) })]); // still queued at the (zero) drain deadline
    // Ledger: 0..249 delivered (the sink above), 300 dead-lettered, 301 in flight, 302 lost, 303 rejected.
    const rec = (n: number, o: string) =>
      `{"id":"${id(n)}","ts":${1_764_171_720_000 + n},"dur":1,"ch":"http","st":200,"o":"${o}"}\n`;
    const lines = [
      ...Array.from({ length: 250 }, (_, n) => rec(n, "acc")),
      rec(300, "acc"),
      rec(301, "acc"),
      rec(302, "acc"),
      rec(303, "rej"),
    ];
    writeFileSync(
      join(run.ledgerDir, "w0.ndjson"),
      `${lines.join("")}${JSON.stringify({ end: true, worker: "w0", count: 254, acc: 253, rej: 1, unk: 0 })}\n`,
    );
    const plan = {
      schemaVersion: 2,
      runId,
      createdAt: new Date().toISOString(),
      configFile: null,
      targetName: "emulators",
      target: {
        name: "emulators",
        kind: "aws",
        environment: "test",
        maxRps: 100,
        aws: { region, staticCredentials: { accessKeyId: "local", secretAccessKey: "local" }, endpoints },
        queues: [{ name: "work", queueUrl }],
        sinks: [sinkSchema.parse({ ...base, runPartition: { attribute: "runId", value: "{runId}" } })],
        dlqs: [dlqSchema.parse({ name: "dlq", queueUrl: dlqUrl })],
        metrics: [],
      },
      scenarioName: "smoke",
      scenario: resolveScenario({ executor: "constant-arrival-rate", rate: 1, duration: "1s" }),
      gates: { maxLost: 0, e2eLatencyMs: {}, thresholds: true },
      drain: { timeoutMs: 0, settleMs: 0 },
      segment: null,
      versions: {},
    } as unknown as PlanFile;
    writeFileSync(run.plan, JSON.stringify(plan));

    const verdict = await verifyRun({
      run,
      plan,
      clients: aws,
      drainTimeoutMs: 0,
      settleMs: 0,
      output: memoryOutput(),
    });
    const counts = Object.fromEntries(Object.entries(verdict.classes).map(([c, r]) => [c, r.count]));
    expect(counts).toEqual({
      delivered: 250,
      duplicated: 0,
      deadLettered: 1,
      lost: 1,
      inFlight: 1,
      rejected: 1,
      rejectedButDelivered: 0,
      unknownDelivered: 0,
      unknownNotDelivered: 0,
      unexpected: 0,
    });
    expect(verdict.valid).toBe(false);
    expect(JSON.parse(readFileSync(run.verify, "utf8")) as Verdict).toEqual(verdict);
    expect(readFileSync(join(run.idListsDir, "lost.txt"), "utf8")).toBe(`${id(302)}\n`);
    expect(readFileSync(join(run.idListsDir, "delivered.txt"), "utf8").split("\n")).toHaveLength(251);
    expect(await visible(dlqUrl)).toEqual([1, 0]);
    expect(await visible(queueUrl)).toEqual([1, 0]); // the in-flight peek gave it back too

    // The same run again, later, from the CLI entry: same verdict, exit 1, a table on stdout.
    const output = memoryOutput();
    const code = await verifyCommand(
      { cwd: runsDir, env: {}, output },
      { run: runId, drainTimeout: "0", ledgers: undefined, config: undefined, runsDir },
    );
    expect(code).toBe(1);
    expect(output.stdout.join("\n")).toMatch(/lost\s+1\n[\s\S]*Verdict: valid false/);
  });
});
