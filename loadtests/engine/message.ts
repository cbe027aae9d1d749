// One message in flight: what the ledger needs once its outcome is known, and a flag so it settles exactly once.
import type { Channel, Outcome } from "../../contracts/ledger.ts";

export class Message {
  /** Global arrival index: the n of `<runId>-<scenario>-<n>`. */
  readonly n: number;
  readonly id: string;
  readonly ch: Channel;
  /** When the plan wanted it sent, epoch ms. */
  readonly intended: number;
  /** When it really left (request written / batch call made), epoch ms. */
  sent: number;
  /** Closed model: the VU that sent it (it sends its next message when this one settles); -1 in the open model. */
  readonly vu: number;
  done = false;
  /** Its place among the shard's messages in flight (in-flight.ts), -1 when not there. */
  slot = -1;

  constructor(n: number, id: string, ch: Channel, intended: number, sent: number, vu: number) {
    this.n = n;
    this.id = id;
    this.ch = ch;
    this.intended = intended;
    this.sent = sent;
    this.vu = vu;
  }
}

/**
 * Where a channel reports what becomes of its messages: the shard. One object with methods, not two callbacks, so the
 * warm-up and the run call the same functions (the hot-path rule, loadtests/engine/README.md).
 */
export interface MessageEvents {
  /** A message's outcome; a second report for the same message is ignored. */
  settle(message: Message, status: number, outcome: Outcome, err: string | undefined): void;
  /** `count` messages were just written to the wire (socket write, batch call) at `at`, epoch ms. */
  written(at: number, count: number): void;
}

/** A transport for one channel. Sends never throw: every failure arrives through `events.settle`. */
export interface ChannelSender {
  /**
   * `headers`: the message's own HTTP header lines ("name: value\r\n" each, already checked; "" when none), written
   * as they are by the http channel. The shard never hands headers to events or sqs (it refuses such a message).
   */
  send(message: Message, body: string, headers: string): void;
  /** Sends a partly filled batch now (batching channels); called once per scheduler tick. */
  flush(): void;
  /** Drops connections; anything still pending is settled by the shard, not here. */
  close(): Promise<void>;
}

/** HTTP outcome per DESIGN.md: 2xx accepted, 5xx may have been processed, anything else definitely refused. */
export function httpOutcome(status: number): Outcome {
  if (status >= 200 && status < 300) return "acc";
  if (status >= 500) return "unk";
  return "rej";
}
