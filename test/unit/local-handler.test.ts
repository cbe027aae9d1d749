// The consumer as a Lambda SQS handler: partial batch failure, idempotent writes, faults and the bug modes' harm records.
import { describe, expect, it } from "vitest";
import { localTargetSchema } from "../../config/schema-target.ts";
import type { SinkItem } from "../../contracts/payload.ts";
import { createHandler, type HandlerDeps, SimulatedCrashError } from "../../local/app/handler.ts";
import type { SQSRecord } from "../../local/app/lambda-types.ts";
import { type BugMode, type Bugs, defaultFaults, type Faults, noBugs } from "../../local/controls.ts";

const runId = "20261126T154200Z-k3j9x2q1";

function record(n: number, overrides: Partial<SQSRecord> = {}, receiveCount = "1"): SQSRecord {
  return {
    messageId: `m-${n}`,
    receiptHandle: `rh-${n}`,
    body: JSON.stringify({ id: `${runId}-smoke-${n}`, sentAt: 1000 + n }),
    attributes: {
      ApproximateReceiveCount: receiveCount,
      SentTimestamp: "0",
      SenderId: "x",
      ApproximateFirstReceiveTimestamp: "0",
    },
    messageAttributes: { path: { stringValue: "http", dataType: "String" } },
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:orders-ingest",
    awsRegion: "us-east-1",
    ...overrides,
  };
}

function setup(faults: Partial<Faults> = {}, bugs: Partial<Bugs> = {}, randoms: number[] = []) {
  const written = new Map<string, SinkItem>();
  const copies: string[] = [];
  const harmed: Array<[BugMode, string]> = [];
  const acked: string[] = [];
  const deps: HandlerDeps = {
    sink: {
      async putOnce(item) {
        if (written.has(item.id)) return "duplicate";
        written.set(item.id, item);
        return "written";
      },
      async putSecondCopy(item) {
        copies.push(item.id);
      },
    },
    faults: () => ({ ...defaultFaults(localTargetSchema.parse({ kind: "local" })), ...faults }),
    bugs: () => ({ ...noBugs(), ...bugs }),
    harm: (mode, id) => void harmed.push([mode, id]),
    ackNow: async (r) => void acked.push(r.messageId),
    random: () => randoms.shift() ?? 0.99,
    now: () => 5000,
    sleep: async () => undefined,
  };
  return { handler: createHandler(deps), written, copies, harmed, acked };
}

describe("consumer handler", () => {
  it("writes each record with its send time, path and attempt count", async () => {
    const { handler, written } = setup();
    const out = await handler({ Records: [record(1), record(2, {}, "3")] });
    expect(out).toEqual({ batchItemFailures: [] });
    expect(written.get(`${runId}-smoke-2`)).toEqual({
      id: `${runId}-smoke-2`,
      runId,
      sentAt: 1002,
      processedAt: 5000,
      path: "http",
      attempts: 3,
    });
  });

  it("reads EventBridge envelopes and plain SQS bodies", async () => {
    const { handler, written } = setup();
    const envelope = JSON.stringify({ "detail-type": "OrderPlaced", detail: { id: `${runId}-ev-1`, sentAt: 7 } });
    await handler({ Records: [record(1, { body: envelope }), record(2, { messageAttributes: {} })] });
    expect(written.get(`${runId}-ev-1`)?.path).toBe("events");
    expect(written.get(`${runId}-smoke-2`)?.path).toBe("sqs");
  });

  it("reports unparseable and injected failures per record, and writes the rest", async () => {
    const { handler, written } = setup({ consumerErrorRate: 0.5 }, {}, [0.99, 0.1]);
    const out = await handler({ Records: [record(1, { body: "not json" }), record(2), record(3)] });
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: "m-1" }, { itemIdentifier: "m-3" }]);
    expect([...written.keys()]).toEqual([`${runId}-smoke-2`]);
  });

  it("consumerErrorAfterRate fails a record after writing it, so its redelivery finds it written", async () => {
    const { handler, written } = setup({ consumerErrorAfterRate: 0.5 }, {}, [0.99, 0.99, 0.1, 0.99]);
    const out = await handler({ Records: [record(1), record(2)] });
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: "m-1" }]);
    expect([...written.keys()].sort()).toEqual([`${runId}-smoke-1`, `${runId}-smoke-2`]);
  });

  it("silentDrop reports success without writing, only on first deliveries, and records the ID", async () => {
    const { handler, written, harmed } = setup({}, { silentDrop: 0.5 }, [0.99, 0.1, 0.99, 0.99]);
    const out = await handler({ Records: [record(1), record(2, {}, "2")] });
    expect(out.batchItemFailures).toEqual([]);
    expect(harmed).toEqual([["silentDrop", `${runId}-smoke-1`]]);
    expect([...written.keys()]).toEqual([`${runId}-smoke-2`]);
  });

  it("ackBeforeWrite acks the message, records it, and crashes the invocation", async () => {
    const { handler, written, harmed, acked } = setup({}, { ackBeforeWrite: 1 }, [0.99, 0.5]);
    await expect(handler({ Records: [record(1)] })).rejects.toBeInstanceOf(SimulatedCrashError);
    expect(acked).toEqual(["m-1"]);
    expect(harmed).toEqual([["ackBeforeWrite", `${runId}-smoke-1`]]);
    expect(written.size).toBe(0);
  });

  it("doubleWrite writes a second copy and records the ID", async () => {
    const { handler, copies, harmed } = setup({}, { doubleWrite: 1 }, [0.99, 0.5]);
    await handler({ Records: [record(1)] });
    expect(copies).toEqual([`${runId}-smoke-1`]);
    expect(harmed).toEqual([["doubleWrite", `${runId}-smoke-1`]]);
  });
});
