// The team's consumer seam: faults around the handler, a failed invocation thrown, batchItemFailures held to Lambda's rules.
import { describe, expect, it } from "vitest";
import { localTargetSchema } from "../../config/schema-target.ts";
import { InvocationFailedError, reportedFailures, teamConsumer } from "../../local/app/functions/team-consumer.ts";
import type { InvokeOutcome } from "../../local/app/functions/worker-pool.ts";
import type { SQSEvent, SQSRecord } from "../../local/app/lambda-types.ts";
import { defaultFaults, type Faults } from "../../local/controls.ts";

const record = (n: number): SQSRecord => ({
  messageId: `m-${n}`,
  receiptHandle: `rh-${n}`,
  body: "{}",
  attributes: {
    ApproximateReceiveCount: "1",
    SentTimestamp: "0",
    SenderId: "x",
    ApproximateFirstReceiveTimestamp: "0",
  },
  messageAttributes: {},
  md5OfBody: "",
  eventSource: "aws:sqs",
  eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:orders-ingest",
  awsRegion: "us-east-1",
});
const records = [record(1), record(2), record(3)];

function setup(outcome: (event: SQSEvent) => InvokeOutcome, faults: Partial<Faults> = {}, randoms: number[] = []) {
  const invoked: string[][] = [];
  const logged: string[] = [];
  const slept: number[] = [];
  const consumer = teamConsumer({
    invoke: async (event) => {
      invoked.push(event.Records.map((r) => r.messageId));
      return outcome(event);
    },
    faults: () => ({ ...defaultFaults(localTargetSchema.parse({ kind: "local" })), ...faults }),
    random: () => randoms.shift() ?? 1,
    sleep: async (ms) => {
      slept.push(ms);
    },
    log: (line) => logged.push(line),
  });
  return { consumer, invoked, logged, slept };
}

const ok = (value: unknown): InvokeOutcome => ({ ok: true, value, requestId: "r1" });

describe("reportedFailures", () => {
  it.each([
    ["undefined", undefined, []],
    ["null", null, []],
    ["an empty object", {}, []],
    ["an empty list", { batchItemFailures: [] }, []],
    ["known identifiers", { batchItemFailures: [{ itemIdentifier: "m-2" }] }, ["m-2"]],
    ["an unknown identifier", { batchItemFailures: [{ itemIdentifier: "m-9" }] }, undefined],
    ["an identifier that is not a string", { batchItemFailures: [{ itemIdentifier: 2 }] }, undefined],
    ["a list that is not a list", { batchItemFailures: "m-1" }, undefined],
    ["a string response", "done", undefined],
  ])("%s", (_label, value, expected) => {
    expect(reportedFailures(records, value)).toEqual(expected);
  });
});

describe("teamConsumer", () => {
  it("passes the handler's own failures on", async () => {
    const { consumer } = setup(() => ok({ batchItemFailures: [{ itemIdentifier: "m-3" }] }));
    expect(await consumer({ Records: records })).toEqual({ batchItemFailures: [{ itemIdentifier: "m-3" }] });
  });

  it("fails the whole batch on a malformed response, and says so", async () => {
    const { consumer, logged } = setup(() => ok({ batchItemFailures: [{ id: "m-1" }] }));
    const response = await consumer({ Records: records });
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(["m-1", "m-2", "m-3"]);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain("malformed batchItemFailures");
  });

  it("throws for a failed invocation (timeout, throw, dead runtime), so nothing of the batch is deleted", async () => {
    const { consumer } = setup(() => ({
      ok: false,
      requestId: "r1",
      errorType: "Sandbox.Timedout",
      errorMessage: "Task timed out after 3.00 seconds",
    }));
    await expect(consumer({ Records: records })).rejects.toThrow(InvocationFailedError);
    await expect(consumer({ Records: records })).rejects.toThrow("Task timed out after 3.00 seconds");
  });

  it("injects consumerErrorRate before the handler: those records never reach it", async () => {
    const { consumer, invoked } = setup(() => ok(null), { consumerErrorRate: 0.5 }, [0.1, 0.9, 0.2]);
    const response = await consumer({ Records: records });
    expect(invoked).toEqual([["m-2"]]);
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(["m-1", "m-3"]);
  });

  it("does not invoke at all when every record was failed before the handler", async () => {
    const { consumer, invoked } = setup(() => ok(null), { consumerErrorRate: 1 }, [0, 0, 0]);
    expect((await consumer({ Records: records })).batchItemFailures).toHaveLength(3);
    expect(invoked).toEqual([]);
  });

  it("injects consumerErrorAfterRate after the handler, on records it processed", async () => {
    const { consumer, invoked } = setup(
      () => ok({ batchItemFailures: [{ itemIdentifier: "m-1" }] }),
      { consumerErrorAfterRate: 0.5 },
      [0.9, 0.1],
    );
    const response = await consumer({ Records: records });
    expect(invoked).toEqual([["m-1", "m-2", "m-3"]]);
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(["m-1", "m-3"]);
  });

  it("adds consumerLatencyMs before the invocation", async () => {
    const { consumer, slept } = setup(() => ok(null), { consumerLatencyMs: 250 });
    await consumer({ Records: records });
    expect(slept).toEqual([250]);
  });
});
