// Builds the senders a shard needs from the target, and refuses a weighted channel the target does not configure.
import type { Channel } from "../../../contracts/ledger.ts";
import type { ResolvedTarget } from "../../../contracts/target.ts";
import { startRequestAuth } from "../auth/index.ts";
import { ChannelConfigError } from "../errors.ts";
import type { ChannelSender, MessageEvents } from "../message.ts";
import { httpChannel, openHttpConnections } from "./http.ts";

export type Senders = Partial<Record<Channel, ChannelSender>>;

/** Checked in the main thread before any worker starts, so a config gap is exit 4 and nothing is sent. */
export function checkChannels(target: ResolvedTarget, used: readonly Channel[]): void {
  for (const ch of used) {
    if (ch === "http" && target.http === undefined)
      throw new ChannelConfigError("http", `target "${target.name}" has no http endpoint`);
    if (ch === "events" && target.events === undefined)
      throw new ChannelConfigError("events", `target "${target.name}" has no events bus`);
    if (ch === "sqs" && target.sqs === undefined)
      throw new ChannelConfigError("sqs", `target "${target.name}" has no sqs queue to send to`);
    if (ch === "sfn" && target.sfn === undefined)
      throw new ChannelConfigError(
        "sfn",
        `target "${target.name}" has no state machine (sfn.stateMachineArn; on the local target: saga: {})`,
      );
    if (ch === "lambda" && target.lambda === undefined)
      throw new ChannelConfigError("lambda", `target "${target.name}" has no function to invoke`);
  }
}

export interface SenderOptions {
  connections: number;
  now: () => number;
  events: MessageEvents;
}

export type SenderFactory = (options: SenderOptions) => Senders;

/** A factory whose connections are already open: discard() closes them for a shard that will never start. */
export type PreparedSenders = SenderFactory & { discard(): void };

/**
 * Loads what the channels need, then returns a synchronous factory. Async because the AWS SDK (about a second to
 * import) is loaded only by runs that use an AWS channel, and before time 0, never on the clock.
 */
export async function prepareSenders(
  target: ResolvedTarget,
  used: readonly Channel[],
  httpConnections: number,
): Promise<PreparedSenders> {
  checkChannels(target, used);
  // The first token or credentials, fetched before time 0 (then refreshed in the background), before the connections
  // open, so they are fresh at time 0.
  const httpTarget = used.includes("http") ? target.http : undefined;
  const auth = httpTarget === undefined ? undefined : await startRequestAuth({ ...target, http: httpTarget });
  // Connected before time 0, so the first arrivals find them ready (http.ts says what opening them on the clock cost).
  const http =
    httpTarget === undefined ? undefined : { ...(await openHttpConnections(httpTarget, httpConnections)), auth };
  const needsAws = used.includes("events") || used.includes("sqs") || used.includes("lambda");
  const aws = needsAws
    ? await Promise.all([import("../../../aws/clients.ts"), import("./events.ts"), import("./sqs.ts")])
    : undefined;
  // Loaded only by runs that start executions, so the other channels' runs load nothing more.
  const sfn =
    used.includes("sfn") && target.sfn !== undefined
      ? await Promise.all([import("@aws-sdk/client-sfn"), import("./sfn.ts"), import("../../../aws/clients.ts")])
      : undefined;
  // The Lambda client is loaded only by runs that invoke a function.
  const lambda =
    used.includes("lambda") && target.lambda !== undefined ? await import("./lambda-client.ts") : undefined;
  const factory: SenderFactory = (options) => {
    const senders: Senders = {};
    if (http !== undefined && target.http !== undefined) senders.http = httpChannel(target.http, options, http);
    if (sfn !== undefined && target.sfn !== undefined) {
      const [sdk, { sfnChannel }, { createSfnClient }] = sfn;
      const client = createSfnClient(sdk, {
        ...target.aws,
        maxAttempts: 1,
        maxSockets: Math.max(64, Math.min(options.connections, 1024)),
      });
      senders.sfn = sfnChannel(client, target.sfn.stateMachineArn, options);
    }
    if (aws === undefined) return senders;
    const [{ createAwsClients }, { eventsChannel }, { sqsChannel }] = aws;
    // No SDK retries: the ledger must record what the target answered to the call we planned, not to a retry.
    const clients = createAwsClients({
      ...target.aws,
      maxAttempts: 1,
      maxSockets: Math.max(64, Math.min(options.connections, 1024)),
    });
    if (used.includes("events") && target.events !== undefined)
      senders.events = eventsChannel(clients.events, target.events, options);
    if (used.includes("sqs") && target.sqs !== undefined)
      senders.sqs = sqsChannel(clients.sqs, target.sqs.queueUrl, options);
    if (lambda !== undefined && target.lambda !== undefined)
      senders.lambda = lambda.lambdaSender(target.aws, target.lambda.functionName, options);
    return senders;
  };
  return Object.assign(factory, {
    discard() {
      http?.auth?.close();
      for (const c of http?.connections ?? []) if (c.channel === undefined) c.socket.destroy();
    },
  });
}
