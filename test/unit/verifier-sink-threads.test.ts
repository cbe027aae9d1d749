// The threaded sink reader: the same evidence as one thread, failures reported per segment, a fallback when threads fail.
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { sinkSchema } from "../../config/schema-target.ts";
import { emptySink, type SinkEvidence } from "../../verifier/evidence.ts";
import { readSinkThreaded } from "../../verifier/sources/sink-threads.ts";
import { createDynamoDbClient, type FakeSinkOptions } from "../fixtures/verifier/sink-client.ts";

const runId = "20261126T154200Z-thr3adss";
const clientModule = new URL("../fixtures/verifier/sink-client.ts", import.meta.url).href;
const sink = sinkSchema.parse({
  name: "orders",
  table: "orders",
  scanSegments: 5,
  sentAtAttribute: "sentAt",
  processedAtAttribute: "processedAt",
});

async function read(threads: number, fake: FakeSinkOptions, module = clientModule) {
  const ev = emptySink();
  const counts: number[] = [];
  const status = await readSinkThreaded(
    {
      aws: { region: "us-east-1" },
      client: createDynamoDbClient(undefined, fake),
      sink,
      runId,
      threads,
      clientModule: module,
      clientOptions: fake,
      onPage: (n) => counts.push(n),
    },
    ev,
  );
  return { ev, status, counts };
}

function evidence(ev: SinkEvidence) {
  return {
    ids: [...ev.ids.entries()],
    items: ev.items,
    timed: ev.timed,
    latency: [ev.latency.count, ev.latency.max, ev.latency.percentile(50)],
  };
}

describe("readSinkThreaded", () => {
  const fake = { runId, items: 200, twice: [3, 150] };

  it("gives exactly the evidence one thread gives, read on three", async () => {
    const one = await read(1, fake);
    const three = await read(3, fake);
    expect(one.status).toEqual({ name: "orders", read: 202, complete: true });
    expect(three.status).toEqual(one.status);
    expect(evidence(three.ev)).toEqual(evidence(one.ev));
    expect(three.ev.ids.getByte(`${runId}-t-150`)).toBe(2);
    expect(three.ev.items).toBe(202);
    // Progress counts every thread's items and ends at the total.
    expect(three.counts.at(-1)).toBe(202);
  });

  it("reports the segments that failed and keeps what the others read", async () => {
    const { ev, status } = await read(2, { ...fake, failSegments: [1] });
    expect(status).toEqual({
      name: "orders",
      read: 162,
      complete: false,
      error: "InternalServerError: segment 1 unreadable",
    });
    expect(ev.ids.getByte(`${runId}-t-1`)).toBe(0);
    expect(ev.ids.getByte(`${runId}-t-2`)).toBe(1);
  });

  it("reads on this thread when a thread cannot get a client, losing nothing", async () => {
    const { ev, status } = await read(2, fake, new URL("./no-such-module.ts", clientModule).href);
    expect(status).toEqual({ name: "orders", read: 202, complete: true });
    expect(ev.items).toBe(202);
  });

  it("reads a Query (one partition) on one thread", async () => {
    const ev = emptySink();
    const queried: unknown[] = [];
    const client = {
      send: async (command: { input: unknown }) => {
        queried.push(command.input);
        return { Items: [{ id: { S: `${runId}-t-0` } }] };
      },
    } as unknown as DynamoDBClient;
    const status = await readSinkThreaded(
      {
        aws: { region: "us-east-1" },
        client,
        sink: { ...sink, runPartition: { attribute: "pk", value: "{runId}" } },
        runId,
        threads: 4,
        clientModule: new URL("./no-such-module.ts", clientModule).href,
      },
      ev,
    );
    expect(status).toEqual({ name: "orders", read: 1, complete: true });
    expect(queried).toHaveLength(1);
  });
});
