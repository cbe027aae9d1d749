// Drains a run's target: waits on its queues, its sink count, and what the caller's probe says is still to be delivered.
import type { AwsClients } from "../aws/clients.ts";
import type { Output } from "../common/output.ts";
import type { PlanFile } from "../contracts/plan-file.ts";
import { expectedSinkTotal } from "./chain/expected-count.ts";
import { type DrainResult, drain } from "./drain.ts";
import { countSinkItems } from "./sources/dynamodb-sink.ts";

/**
 * How many deliveries the target holds outside its queues right now (the local EventBridge stand-in's retries).
 * The caller builds it (the runner, `harness verify`): the verifier does not know how a target is asked.
 */
export type PendingDeliveries = () => Promise<number>;

/** The name those deliveries carry in the drain's `remaining` (and so in verify.json's drain). */
export const pendingDeliveriesName = "event retries";

export interface DrainTargetOptions {
  plan: PlanFile;
  clients: AwsClients;
  /** 0 checks the queues once without waiting. */
  drainTimeoutMs: number;
  settleMs: number;
  /** The run's accepted messages: with it the drain settles as soon as the sink holds that many (see drain.ts). */
  expectedSinkCount?: number | undefined;
  output: Output;
  pendingDeliveries?: PendingDeliveries | undefined;
  now?: () => number;
  /** Poll interval of the drain (default 1 s). */
  pollMs?: number;
}

export function drainTarget(options: DrainTargetOptions): Promise<DrainResult> {
  const { plan, clients, pendingDeliveries } = options;
  const target = plan.target;
  return drain({
    sqs: clients.sqs,
    queues: target.queues,
    sinkCount:
      target.sinks.length === 0
        ? undefined
        : async () => {
            let total = 0;
            for (const sink of target.sinks)
              total += await countSinkItems({ client: clients.dynamodb, sink, runId: plan.runId });
            return total;
          },
    ...(pendingDeliveries === undefined
      ? {}
      : { held: async () => ({ [pendingDeliveriesName]: await pendingDeliveries() }) }),
    timeoutMs: options.drainTimeoutMs,
    settleMs: options.settleMs,
    expectedSinkCount: expectedSinkTotal(target.sinks, options.expectedSinkCount),
    output: options.output,
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
  });
}
