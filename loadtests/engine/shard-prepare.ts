// What a shard needs before time 0, the same wherever it runs (a worker thread or inline): its payload renderer or its
// flow, its hot path warmed, its transports with their connections open, and its ledger file open.
import type { RenderBody } from "./body-template.ts";
import { usedChannels } from "./channel-mix.ts";
import { type PreparedSenders, prepareSenders } from "./channels/index.ts";
import { type FlowFactory, prepareFlow } from "./flow/index.ts";
import { fileSink, type LedgerSink } from "./ledger-writer.ts";
import { shardRenderer } from "./payload.ts";
import { type ShardConfig, shardConnections } from "./shard.ts";
import { warmUpShard } from "./warm-up.ts";

export interface PreparedShard {
  sink: LedgerSink;
  render: RenderBody | undefined;
  senders: PreparedSenders;
  flow: FlowFactory | undefined;
}

/** A flow shard sends through its flow's own clients, not the channels. */
const noSenders: PreparedSenders = Object.assign(() => ({}), { discard() {} });

/** The ledger file is opened last, so a shard that fails to prepare leaves no empty ledger behind; still before any
 * message is sent, so a bad ledger directory fails the run before time 0. */
export async function prepareShard(
  config: Omit<ShardConfig, "startAt">,
  ledger: string | LedgerSink,
): Promise<PreparedShard> {
  const render = await shardRenderer(config);
  const flow = await prepareFlow(config);
  // The warm-up drives the declarative path; a flow's calls are the user's code, off the fast path.
  if (flow === undefined) await warmUpShard(config, render);
  const used = usedChannels(config.scenario.channels);
  const senders =
    flow === undefined ? await prepareSenders(config.target, used, shardConnections(config).preopen) : noSenders;
  try {
    const sink = typeof ledger === "string" ? await fileSink(ledger) : ledger;
    return { sink, render, senders, flow };
  } catch (error) {
    senders.discard();
    throw error;
  }
}
