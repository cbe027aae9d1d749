// A channel that makes one AWS SDK call per message (Lambda Invoke, Step Functions StartExecution): stamps the send,
// then settles the message by the answer, or by the call's failure (a 4xx is a definite no, anything else unknown).
import type { Outcome } from "../../../contracts/ledger.ts";
import type { ChannelSender, Message, MessageEvents } from "../message.ts";
import { callFailure } from "./aws-failure.ts";

/** What an answer means for its message. */
export interface CallVerdict {
  status: number;
  outcome: Outcome;
  err: string | undefined;
}

export function singleCallChannel<R>(options: {
  now: () => number;
  events: MessageEvents;
  call: (message: Message, body: string) => Promise<R>;
  judge: (result: R) => CallVerdict;
  close: () => void;
}): ChannelSender {
  const { now, events, call, judge } = options;
  return {
    send(message, body, _headers) {
      const sentAt = now();
      message.sent = sentAt;
      events.written(sentAt, 1);
      call(message, body).then(
        (result) => {
          const v = judge(result);
          events.settle(message, v.status, v.outcome, v.err);
        },
        (error: unknown) => {
          const failure = callFailure(error);
          events.settle(message, failure.status, failure.outcome, failure.err);
        },
      );
    },
    flush() {},
    async close() {
      options.close();
    },
  };
}
