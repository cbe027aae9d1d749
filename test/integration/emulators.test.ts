// The three pinned emulators start on free loopback ports, answer real SDK calls, and stop by pid.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetMetricDataCommand, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { CreateTableCommand, PutItemCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AwsClients, createAwsClients } from "../../aws/clients.ts";
import { freePort } from "../../local/emulators/free-port.ts";
import { isAlive, type RunningService, startService, stopAndWait } from "../../local/emulators/service.ts";
import { dynaliteSpec, fauxqsSpec, motoSpec } from "../../local/emulators/specs.ts";

describe("pinned emulators", () => {
  const logs = mkdtempSync(join(tmpdir(), "harness-emu-"));
  let services: RunningService[] = [];
  let aws: AwsClients;

  beforeAll(async () => {
    const [sqs, ddb, cw] = await Promise.all([freePort(), freePort(), freePort()]);
    services = await Promise.all([
      startService(fauxqsSpec(sqs, "us-east-1"), join(logs, "fauxqs.log")),
      startService(dynaliteSpec(ddb), join(logs, "dynalite.log")),
      startService(motoSpec(cw), join(logs, "moto.log")),
    ]);
    const [fauxqs, dynalite, moto] = services.map((s) => s.endpoint);
    aws = createAwsClients({
      region: "us-east-1",
      staticCredentials: { accessKeyId: "local", secretAccessKey: "local" },
      endpoints: {
        ...(fauxqs && { sqs: fauxqs }),
        ...(dynalite && { dynamodb: dynalite }),
        ...(moto && { cloudwatch: moto }),
      },
    });
  });

  afterAll(async () => {
    aws?.destroy();
    await Promise.all(services.map((s) => stopAndWait(s.pid)));
  });

  it("fauxqs sends and receives through the SDK", async () => {
    const { QueueUrl } = await aws.sqs.send(new CreateQueueCommand({ QueueName: "emu-test" }));
    await aws.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: '{"id":"a"}' }));
    const received = await aws.sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
    expect(received.Messages?.map((m) => m.Body)).toEqual(['{"id":"a"}']);
  });

  it("all three listen on the loopback interface only", () => {
    const listening = listeningAddresses();
    for (const service of services) {
      const port = Number(new URL(service.endpoint).port);
      expect([service.name, listening.get(port)]).toEqual([service.name, ["127.0.0.1"]]);
    }
  });

  it("dynalite writes and scans through the SDK", async () => {
    await aws.dynamodb.send(
      new CreateTableCommand({
        TableName: "emu-test",
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
    await aws.dynamodb.send(new PutItemCommand({ TableName: "emu-test", Item: { id: { S: "x" } } }));
    const scan = await aws.dynamodb.send(new ScanCommand({ TableName: "emu-test" }));
    expect(scan.Items).toEqual([{ id: { S: "x" } }]);
  });

  it("moto's CloudWatch sums what was put, over GetMetricData", async () => {
    const now = new Date();
    await aws.cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: "Harness/Test",
        MetricData: [1, 2, 3].map((v) => ({ MetricName: "Count", Value: v, Timestamp: now })),
      }),
    );
    const data = await aws.cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(now.getTime() - 120_000),
        EndTime: new Date(now.getTime() + 60_000),
        MetricDataQueries: [
          {
            Id: "m",
            MetricStat: { Metric: { Namespace: "Harness/Test", MetricName: "Count" }, Period: 60, Stat: "Sum" },
          },
        ],
      }),
    );
    const values = data.MetricDataResults?.[0]?.Values ?? [];
    expect(values.reduce((a, b) => a + b, 0)).toBe(6);
  });

  it("stopping by pid leaves no process behind", async () => {
    const port = await freePort();
    const extra = await startService(dynaliteSpec(port), join(logs, "extra.log"));
    expect(isAlive(extra.pid)).toBe(true);
    await stopAndWait(extra.pid);
    expect(isAlive(extra.pid)).toBe(false);
  });
});

/** Listening TCP sockets (IPv4 and IPv6) by port, with the addresses they are bound to, from /proc/net. */
function listeningAddresses(): Map<number, string[]> {
  const byPort = new Map<number, string[]>();
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (local === undefined || state !== "0A") continue; // 0A: LISTEN
      const [hex = "", portHex = ""] = local.split(":");
      const address =
        hex.length === 8
          ? (hex
              .match(/../g)
              ?.reverse()
              .map((b) => Number.parseInt(b, 16))
              .join(".") ?? hex)
          : hex === "00000000000000000000000000000000"
            ? "::"
            : hex === "00000000000000000000000001000000"
              ? "::1"
              : hex;
      const port = Number.parseInt(portHex, 16);
      byPort.set(port, [...(byPort.get(port) ?? []), address]);
    }
  }
  return byPort;
}
