// The lambda channel on a mocked client: one Invoke (InvocationType Event) per message, 202 accepted, a 4xx
// rejected, a 5xx or a lost connection unknown, each with its reason, and the send stamped when the call goes out.
import { InvokeCommand, LambdaClient, TooManyRequestsException } from "@aws-sdk/client-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import type { Outcome } from "../../contracts/ledger.ts";
import { lambdaChannel } from "../../loadtests/engine/channels/lambda.ts";
import { Message } from "../../loadtests/engine/message.ts";

const region = { region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } };
const flushed = () => new Promise((r) => setTimeout(r, 10));

describe("lambdaChannel", () => {
  const mock = mockClient(LambdaClient);
  afterEach(() => mock.reset());

  it("invokes each message asynchronously and ledgers Lambda's answer per message", async () => {
    const payloads: string[] = [];
    mock
      .on(InvokeCommand)
      .callsFake(async (input: { FunctionName: string; InvocationType: string; Payload: Uint8Array }) => {
        const body = Buffer.from(input.Payload).toString();
        payloads.push(`${input.FunctionName} ${input.InvocationType} ${body}`);
        const n = (JSON.parse(body) as { n: number }).n;
        if (n === 1)
          throw new TooManyRequestsException({ message: "Rate exceeded", $metadata: { httpStatusCode: 429 } });
        if (n === 2) throw Object.assign(new Error("socket hang up"), { name: "TimeoutError" });
        return { StatusCode: 202, $metadata: { httpStatusCode: 202 } };
      });
    const seen: Array<[string, number, Outcome, string | undefined]> = [];
    const writes: number[] = [];
    const channel = lambdaChannel(new LambdaClient(region), "orders-async", {
      now: () => 5_000,
      events: {
        settle: (m, st, o, err) => void seen.push([m.id, st, o, err]),
        written: (at, count) => void writes.push(at, count),
      },
    });
    const messages = [0, 1, 2].map((i) => new Message(i, `r-s-${i}`, "lambda", 1000, 0, -1));
    for (const m of messages) channel.send(m, JSON.stringify({ n: m.n }), "");
    await flushed();
    expect(payloads).toEqual([
      'orders-async Event {"n":0}',
      'orders-async Event {"n":1}',
      'orders-async Event {"n":2}',
    ]);
    expect(seen).toEqual([
      ["r-s-0", 202, "acc", undefined],
      ["r-s-1", 429, "rej", "TooManyRequestsException"],
      ["r-s-2", 0, "unk", "TimeoutError"],
    ]);
    expect(messages.map((m) => m.sent)).toEqual([5_000, 5_000, 5_000]);
    expect(writes).toEqual([5_000, 1, 5_000, 1, 5_000, 1]);
    await channel.close();
  });
});
