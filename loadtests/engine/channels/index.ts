// Builds the senders a shard needs from the target, and refuses a weighted channel the target does not configure.
import { createAwsClients } from "../../../aws/clients.ts";
import type { Channel } from "../../../contracts/ledger.ts";
import type { ResolvedTarget } from "../../../contracts/target.ts";
import { ChannelConfigError } from "../errors.ts";
import type { ChannelSender, Settle } from "../message.ts";
import { eventsChannel } from "./events.ts";
import { httpChannel } from "./http.ts";
import { sqsChannel } from "./sqs.ts";

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
  }
}

export function createSenders(
  target: ResolvedTarget,
  used: readonly Channel[],
  options: { connections: number; now: () => number; settle: Settle },
): Senders {
  checkChannels(target, used);
  const senders: Senders = {};
  const needsAws = used.includes("events") || used.includes("sqs");
  // No SDK retries: the ledger must record what the target answered to the call we planned, not to a retry.
  const aws = needsAws
    ? createAwsClients({ ...target.aws, maxAttempts: 1, maxSockets: Math.max(64, Math.min(options.connections, 1024)) })
    : undefined;
  if (used.includes("http") && target.http !== undefined) senders.http = httpChannel(target.http, options);
  if (used.includes("events") && target.events !== undefined && aws !== undefined)
    senders.events = eventsChannel(aws.events, target.events, options);
  if (used.includes("sqs") && target.sqs !== undefined && aws !== undefined)
    senders.sqs = sqsChannel(aws.sqs, target.sqs.queueUrl, options);
  return senders;
}
