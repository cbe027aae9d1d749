// EventBridge and SQS channels on mocked SDK clients: batches of 10, per-entry outcomes, whole-call failures.
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import type { Outcome } from "../../contracts/ledger.ts";
import { eventsChannel } from "../../loadtests/engine/channels/events.ts";
import { sqsChannel } from "../../loadtests/engine/channels/sqs.ts";
import { httpOutcome, Message } from "../../loadtests/engine/message.ts";

type Seen = Array<[string, number, Outcome, string | undefined]>;

function collector() {
  const seen: Seen = [];
  const settle = (m: Message, st: number, o: Outcome, err: string | undefined) => {
    if (m.done) return;
    m.done = true;
    seen.push([m.id, st, o, err]);
  };
  const writes: Array<[number, number]> = [];
  const written = (at: number, count: number) => void writes.push([at, count]);
  return { seen, settle, written, writes };
}

const messages = (n: number, ch: "events" | "sqs") =>
  Array.from({ length: n }, (_, i) => new Message(i, `r-s-${i}`, ch, 1000, 1000, -1));
const flushed = () => new Promise((r) => setTimeout(r, 10));
const regionOnly = { region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } };

describe("eventsChannel", () => {
  const mock = mockClient(EventBridgeClient);
  afterEach(() => mock.reset());

  it("sends 10 entries a call with detail = payload, and rejects only the entries that failed", async () => {
    mock.on(PutEventsCommand).callsFake(async (input: { Entries: unknown[] }) => ({
      $metadata: { httpStatusCode: 200 },
      FailedEntryCount: 1,
      Entries: input.Entries.map((_, i) =>
        i === 3 ? { ErrorCode: "ThrottlingException", ErrorMessage: "slow down" } : { EventId: `e${i}` },
      ),
    }));
    const { seen, settle, written, writes } = collector();
    const ch = eventsChannel(
      new EventBridgeClient(regionOnly),
      { busName: "bus", source: "harness", detailType: "Order" },
      {
        now: () => 2000,
        events: { settle, written },
      },
    );
    const ms = messages(12, "events");
    for (const m of ms) ch.send(m, `{"id":"${m.id}"}`, "");
    ch.flush();
    await flushed();
    const calls = mock.commandCalls(PutEventsCommand);
    expect(calls.map((c) => c.args[0].input.Entries?.length)).toEqual([10, 2]);
    expect(calls[0]?.args[0].input.Entries?.[0]).toEqual({
      EventBusName: "bus",
      Source: "harness",
      DetailType: "Order",
      Detail: '{"id":"r-s-0"}',
    });
    expect(seen).toHaveLength(12);
    expect(seen.filter(([, , o]) => o === "rej")).toEqual([["r-s-3", 200, "rej", "ThrottlingException"]]);
    expect(seen.filter(([, , o]) => o === "acc")).toHaveLength(11);
    expect(ms.every((m) => m.sent === 2000)).toBe(true);
    // Written when each call went out, all its entries at once.
    expect(writes).toEqual([
      [2000, 10],
      [2000, 2],
    ]);
  });

  it("marks a whole call refused with 4xx as rej and one that failed otherwise as unk", async () => {
    const { seen, settle, written } = collector();
    const ch = eventsChannel(
      new EventBridgeClient(regionOnly),
      { busName: "b", source: "s", detailType: "d" },
      {
        now: () => 1,
        events: { settle, written },
      },
    );
    mock
      .on(PutEventsCommand)
      .rejectsOnce(
        Object.assign(new Error("denied"), { name: "AccessDeniedException", $metadata: { httpStatusCode: 403 } }),
      )
      .rejectsOnce(Object.assign(new Error("reset"), { name: "ECONNRESET", $metadata: {} }));
    const ms = messages(4, "events");
    ch.send(ms[0] as Message, "{}", "");
    ch.send(ms[1] as Message, "{}", "");
    ch.flush();
    await flushed();
    ch.send(ms[2] as Message, "{}", "");
    ch.flush();
    await flushed();
    expect(seen).toEqual([
      ["r-s-0", 403, "rej", "AccessDeniedException"],
      ["r-s-1", 403, "rej", "AccessDeniedException"],
      ["r-s-2", 0, "unk", "ECONNRESET"],
    ]);
  });
});

describe("sqsChannel", () => {
  const mock = mockClient(SQSClient);
  afterEach(() => mock.reset());

  it("maps Successful to acc, Failed to rej and an entry in neither list to unk", async () => {
    mock.on(SendMessageBatchCommand).resolves({
      $metadata: { httpStatusCode: 200 },
      Successful: [
        { Id: "0", MessageId: "m0", MD5OfMessageBody: "x" },
        { Id: "2", MessageId: "m2", MD5OfMessageBody: "x" },
      ],
      Failed: [{ Id: "1", Code: "InternalError", SenderFault: false }],
    });
    const { seen, settle, written, writes } = collector();
    const ch = sqsChannel(new SQSClient(regionOnly), "http://127.0.0.1:1/000000000000/q", {
      now: () => 5,
      events: { settle, written },
    });
    for (const m of messages(4, "sqs")) ch.send(m, `{"id":"${m.id}"}`, "");
    ch.flush();
    await flushed();
    expect(writes).toEqual([[5, 4]]);
    const input = mock.commandCalls(SendMessageBatchCommand)[0]?.args[0].input;
    expect(input?.Entries?.map((e) => [e.Id, e.MessageBody])).toEqual([
      ["0", '{"id":"r-s-0"}'],
      ["1", '{"id":"r-s-1"}'],
      ["2", '{"id":"r-s-2"}'],
      ["3", '{"id":"r-s-3"}'],
    ]);
    expect(seen).toEqual([
      ["r-s-0", 200, "acc", undefined],
      ["r-s-2", 200, "acc", undefined],
      ["r-s-1", 200, "rej", "InternalError"],
      ["r-s-3", 200, "unk", "no result entry"],
    ]);
  });
});

describe("httpOutcome", () => {
  it.each([
    [200, "acc"],
    [204, "acc"],
    [301, "rej"],
    [400, "rej"],
    [429, "rej"],
    [500, "unk"],
    [503, "unk"],
    [504, "unk"],
  ] as const)("%i -> %s", (status, outcome) => expect(httpOutcome(status)).toBe(outcome));
});
