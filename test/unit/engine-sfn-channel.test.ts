// The sfn channel: refused without a state machine, and each StartExecution answer settled into the ledger's outcome.
import { describe, expect, it } from "vitest";
import type { Outcome } from "../../contracts/ledger.ts";
import type { ResolvedTarget } from "../../contracts/target.ts";
import { checkChannels } from "../../loadtests/engine/channels/index.ts";
import { sfnChannel } from "../../loadtests/engine/channels/sfn.ts";
import { ChannelConfigError } from "../../loadtests/engine/errors.ts";
import { Message } from "../../loadtests/engine/message.ts";

const target: ResolvedTarget = {
  name: "local",
  kind: "local",
  environment: "local",
  maxRps: 100,
  aws: { region: "us-east-1" },
  queues: [],
  sinks: [],
  dlqs: [],
  metrics: [],
};

const arn = "arn:aws:states:us-east-1:000000000000:stateMachine:orders-saga";

describe("sfn channel", () => {
  it("is refused (exit 4) on a target without a state machine, naming the local target's switch", () => {
    expect(() => checkChannels(target, ["sfn"])).toThrow(ChannelConfigError);
    expect(() => checkChannels(target, ["sfn"])).toThrow(/saga: \{\}/);
    expect(() => checkChannels({ ...target, sfn: { stateMachineArn: arn } }, ["sfn"])).not.toThrow();
  });

  it.each([
    [
      "an execution ARN",
      async () => ({ $metadata: { httpStatusCode: 200 }, executionArn: "arn:x" }),
      200,
      "acc",
      undefined,
    ],
    [
      "no execution ARN",
      async () => ({ $metadata: { httpStatusCode: 200 } }),
      200,
      "unk",
      "no executionArn in the answer",
    ],
    [
      "ExecutionAlreadyExists (400)",
      async () => {
        throw Object.assign(new Error("exists"), {
          name: "ExecutionAlreadyExists",
          $metadata: { httpStatusCode: 400 },
        });
      },
      400,
      "rej",
      "ExecutionAlreadyExists",
    ],
    [
      "a 500",
      async () => {
        throw Object.assign(new Error("boom"), { name: "InternalFailure", $metadata: { httpStatusCode: 500 } });
      },
      500,
      "unk",
      "InternalFailure",
    ],
  ])("settles %s", async (_name, answer, status, outcome, err) => {
    const sent: Array<{ name?: string; input?: string }> = [];
    const settled: Array<[number, Outcome, string | undefined]> = [];
    const client = {
      send: (command: { input: { name?: string; input?: string } }) => {
        sent.push(command.input);
        return answer();
      },
      destroy() {},
    };
    const channel = sfnChannel(client as never, arn, {
      now: () => 5,
      events: { settle: (_m, st, o, e) => settled.push([st, o, e]), written: () => undefined },
    });
    const message = new Message(0, "run-saga-0", "sfn", 1, 0, -1);
    channel.send(message, '{"id":"run-saga-0"}', "");
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sent).toEqual([{ stateMachineArn: arn, name: "run-saga-0", input: '{"id":"run-saga-0"}' }]);
    expect(message.sent).toBe(5);
    expect(settled).toEqual([[status, outcome, err]]);
  });
});
