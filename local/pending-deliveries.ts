// The local target's deliveries still to arrive outside its queues (the EventBridge stand-in's retries), as a probe.
import type { ResolvedTarget } from "../contracts/target.ts";
import { eventDeliveriesPending, readControl } from "./control-client.ts";

/** A probe for the drain when the target has the reference app's control endpoint; undefined otherwise. */
export function localPendingDeliveries(target: ResolvedTarget): (() => Promise<number>) | undefined {
  const control = target.control;
  if (control === undefined) return undefined;
  return async () => (await readControl(control.url)).stats[eventDeliveriesPending] ?? 0;
}
