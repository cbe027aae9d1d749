// DynamoDB sink reader against a mocked client: Query vs Scan, ID extraction, duplicates, times, paging, throttling.
import {
  type AttributeValue,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  QueryCommand,
  ScanCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { sinkSchema } from "../../config/schema-target.ts";
import { emptySink } from "../../verifier/evidence.ts";
import { plainItem } from "../../verifier/sources/dynamodb-plain.ts";
import { countSinkItems, readSink } from "../../verifier/sources/dynamodb-sink.ts";

const runId = "20261126T154200Z-k3j9x2q1";
const client = new DynamoDBClient({ region: "us-east-1" });
const ddb = mockClient(client);
const noSleep = { sleep: async () => {}, random: () => 0 };
type Item = Record<string, AttributeValue>;

afterEach(() => ddb.reset());

describe("readSink by Query on the run partition", () => {
  it("pages through the partition, pulls IDs through idRegex, counts attempts and times", async () => {
    const sink = sinkSchema.parse({
      name: "orders",
      table: "orders-sink",
      idAttribute: "sk",
      idRegex: "^MSG#(.+)$",
      runPartition: { attribute: "pk", value: "RUN#{runId}" },
      sentAtAttribute: "sentAt",
      processedAtAttribute: "processedAt",
      attemptsAttribute: "attempts",
    });
    const item = (n: number, extra: Item = {}): Item => ({ sk: { S: `MSG#${runId}-smoke-${n}` }, ...extra });
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [
          item(0, { sentAt: { N: "1000" }, processedAt: { N: "1250" } }),
          item(1, { attempts: { N: "2" } }),
          { sk: { S: "RUNMETA" } },
        ],
        LastEvaluatedKey: { pk: { S: "x" } },
      })
      .resolvesOnce({ Items: [item(2, { sentAt: { S: "1970-01-01T00:00:01.000Z" }, processedAt: { N: "1100" } })] });
    const ev = emptySink();
    const status = await readSink({ client, sink, runId }, ev);
    expect(status).toEqual({ name: "orders", read: 3, complete: true });
    expect([0, 1, 2, 3].map((n) => ev.ids.getByte(`${runId}-smoke-${n}`))).toEqual([1, 2, 1, 0]);
    expect([ev.latency.count, ev.latency.max, ev.timed]).toEqual([2, 250, true]);
    const calls = ddb.commandCalls(QueryCommand).map((c) => c.args[0].input);
    expect(calls[0]).toEqual({
      TableName: "orders-sink",
      ProjectionExpression: "#a0, #a1, #a2, #a3",
      KeyConditionExpression: "#a4 = :run",
      ExpressionAttributeNames: { "#a0": "sk", "#a1": "sentAt", "#a2": "processedAt", "#a3": "attempts", "#a4": "pk" },
      ExpressionAttributeValues: { ":run": { S: `RUN#${runId}` } },
    });
    expect(calls[1]?.ExclusiveStartKey).toEqual({ pk: { S: "x" } });
    expect(ddb.commandCalls(ScanCommand)).toHaveLength(0);
  });
});

describe("readSink by parallel Scan", () => {
  const sink = sinkSchema.parse({ name: "orders", table: "orders-sink", scanSegments: 3 });

  it("scans every segment with a run-prefix filter and skips other runs' items", async () => {
    ddb.on(ScanCommand).callsFake((input: { Segment: number }) => ({
      Items: [{ id: { S: `${runId}-smoke-${input.Segment}` } }, { id: { S: `other-run-smoke-${input.Segment}` } }],
    }));
    const ev = emptySink();
    const status = await readSink({ client, sink, runId }, ev);
    expect(status).toEqual({ name: "orders", read: 3, complete: true });
    expect([0, 1, 2].map((n) => ev.ids.getByte(`${runId}-smoke-${n}`))).toEqual([1, 1, 1]);
    const inputs = ddb.commandCalls(ScanCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => [i.Segment, i.TotalSegments, i.FilterExpression])).toEqual([
      [0, 3, "begins_with(#a0, :run)"],
      [1, 3, "begins_with(#a0, :run)"],
      [2, 3, "begins_with(#a0, :run)"],
    ]);
    expect(inputs[0]?.ExpressionAttributeValues).toEqual({ ":run": { S: `${runId}-` } });
  });

  it("retries a throttled page and loses nothing", async () => {
    const throttled = new ProvisionedThroughputExceededException({ message: "slow down", $metadata: {} });
    ddb
      .on(ScanCommand)
      .rejectsOnce(throttled)
      .rejectsOnce(throttled)
      .resolves({ Items: [{ id: { S: `${runId}-smoke-7` } }] });
    const ev = emptySink();
    const status = await readSink({ client, sink: { ...sink, scanSegments: 1 }, runId, retry: noSleep }, ev);
    expect(status).toEqual({ name: "orders", read: 1, complete: true });
    expect(ddb.commandCalls(ScanCommand)).toHaveLength(3);
  });

  it("reports a read that fails as incomplete instead of throwing", async () => {
    ddb.on(ScanCommand).rejects(Object.assign(new Error("no such table"), { name: "ResourceNotFoundException" }));
    const status = await readSink({ client, sink: { ...sink, scanSegments: 1 }, runId }, emptySink());
    expect(status).toEqual({
      name: "orders",
      read: 0,
      complete: false,
      error: "ResourceNotFoundException: no such table",
    });
  });

  it("counts the run's items with Select COUNT for the drain", async () => {
    ddb.on(ScanCommand).resolves({ Count: 4 });
    expect(await countSinkItems({ client, sink, runId })).toBe(12);
    expect(ddb.commandCalls(ScanCommand)[0]?.args[0].input.Select).toBe("COUNT");
  });
});

describe("readSink with idPath (JMESPath over the item as plain JSON)", () => {
  it("finds the ID in a nested map or as a number, reads whole items, filters on the client", async () => {
    const sink = sinkSchema.parse({
      name: "events",
      table: "events",
      idPath: "payload.order.ref",
      idRegex: "^ORD-(.+)$",
      scanSegments: 1,
    });
    ddb.on(ScanCommand).resolves({
      Items: [
        { pk: { S: "a" }, payload: { M: { order: { M: { ref: { S: `ORD-${runId}-smoke-4` } } } } } },
        { pk: { S: "b" }, payload: { M: { order: { M: { ref: { S: "ORD-other-run-smoke-4" } } } } } },
        { pk: { S: "c" }, payload: { M: { order: { M: { ref: { N: "12" } } } } } },
        { pk: { S: "d" }, payload: { S: "no map here" } },
      ],
    });
    const ev = emptySink();
    const status = await readSink({ client, sink, runId }, ev);
    expect(status).toEqual({ name: "events", read: 1, complete: true });
    expect([...ev.ids.entries()]).toEqual([[`${runId}-smoke-4`, 1]]);
    expect(ddb.commandCalls(ScanCommand)[0]?.args[0].input).toEqual({ TableName: "events" });
  });

  it("reads a Query partition whole when the ID is found by idPath", async () => {
    const sink = sinkSchema.parse({
      name: "events",
      table: "events",
      idPath: "detail.id",
      runPartition: { attribute: "pk", value: "RUN#{runId}" },
    });
    ddb.on(QueryCommand).resolves({ Items: [{ detail: { M: { id: { S: `${runId}-smoke-1` } } } }] });
    const ev = emptySink();
    expect(await readSink({ client, sink, runId }, ev)).toEqual({ name: "events", read: 1, complete: true });
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toEqual({
      TableName: "events",
      KeyConditionExpression: "#a0 = :run",
      ExpressionAttributeNames: { "#a0": "pk" },
      ExpressionAttributeValues: { ":run": { S: `RUN#${runId}` } },
    });
  });
});

describe("plainItem", () => {
  it("turns every attribute type into plain JSON, keeping numbers exact", () => {
    expect(
      plainItem({
        s: { S: "x" },
        n: { N: "42" },
        big: { N: "12345678901234567890" },
        dec: { N: "1.50" },
        b: { BOOL: false },
        z: { NULL: true },
        m: { M: { l: { L: [{ S: "a" }, { N: "1" }] } } },
        ss: { SS: ["a", "b"] },
        ns: { NS: ["1", "2"] },
        bin: { B: new Uint8Array([104, 105]) },
        // As read raw from the wire: already base64.
        raw: { BS: ["aGk=" as unknown as Uint8Array] },
      }),
    ).toEqual({
      s: "x",
      n: 42,
      big: "12345678901234567890",
      dec: "1.50",
      b: false,
      z: null,
      m: { l: ["a", 1] },
      ss: ["a", "b"],
      ns: [1, 2],
      bin: "aGk=",
      raw: ["aGk="],
    });
  });
});
