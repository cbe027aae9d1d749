// A shard's flow: the scenario's flow function with its clients (HTTP on the target's origin, PutEvents, SendMessage),
// prepared before time 0 and started once per message in place of a channel send.
import type { DefinedFlow } from "../../../config/flow.ts";
import type { ResolvedTarget } from "../../../contracts/target.ts";
import type { Message } from "../message.ts";
import { type FlowAwsCalls, type FlowEvents, type FlowShared, runFlow } from "./context.ts";
import { FlowHttpClient } from "./http-client.ts";
import { loadFlow } from "./load.ts";

export type { FlowEvents } from "./context.ts";

/** What the shard holds in place of its senders: start() runs one message's flow; close() ends every client. */
export interface FlowSender {
  start(message: Message, sentAt: number): void;
  close(): Promise<void>;
}

export interface FlowSenderOptions {
  connections: number;
  now: () => number;
  events: FlowEvents;
}

export type FlowFactory = (options: FlowSenderOptions) => FlowSender;

class ShardFlow implements FlowSender {
  private readonly shared: FlowShared;

  constructor(shared: FlowShared) {
    this.shared = shared;
  }

  start(message: Message, sentAt: number): void {
    runFlow(this.shared, message, sentAt);
  }

  async close(): Promise<void> {
    await this.shared.http?.close();
    this.shared.aws?.close();
  }
}

/**
 * Loads the flow module and, when the target has a bus or a queue, the AWS SDK, before time 0; the factory makes a
 * shard's clients (connections open on demand, up to the shard's share of maxInFlight).
 */
export async function prepareFlow(config: {
  runId: string;
  scenarioName: string;
  scenario: { flow?: string | undefined };
  target: ResolvedTarget;
}): Promise<FlowFactory | undefined> {
  if (config.scenario.flow === undefined) return undefined;
  const fn: DefinedFlow = await loadFlow(config.scenario.flow);
  const { target } = config;
  const awsModule =
    target.events !== undefined || target.sqs !== undefined ? await import("./aws-calls.ts") : undefined;
  return (options) => {
    const aws: FlowAwsCalls | undefined = awsModule?.flowAwsCalls(target, options.connections);
    const http = target.http === undefined ? undefined : new FlowHttpClient(target.http, options);
    return new ShardFlow({
      fn,
      target,
      runId: config.runId,
      scenario: config.scenarioName,
      events: options.events,
      now: options.now,
      http,
      aws,
    });
  };
}
