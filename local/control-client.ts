// Talks to the reference app's control endpoint: read faults, bugs, harmed IDs and counters; change faults at run time.
import type { Bugs, Faults } from "./controls.ts";
import { bugModes, faultNames } from "./controls.ts";
import { LocalNotUpError, UnknownControlError } from "./errors.ts";

/** The stats key of the EventBridge stand-in's deliveries not yet delivered (waiting for a retry, or on their way). */
export const eventDeliveriesPending = "local:EventDeliveriesPending";

export interface ControlSnapshot {
  faults: Faults;
  bugs: Bugs;
  /** Per bug mode, the message IDs it harmed (sorted). */
  harmed: Record<string, string[]>;
  /** Cumulative counters (`AWS/Lambda:Invocations`, `local:RecordsFailed`, ...) and live gauges. */
  stats: Record<string, number>;
}

async function call(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(5_000) });
  } catch (error) {
    throw new LocalNotUpError(`The reference app's control endpoint ${url} does not answer (${String(error)}).`);
  }
}

export async function readControl(controlUrl: string): Promise<ControlSnapshot> {
  const res = await call(`${controlUrl}/control`, { method: "GET" });
  if (!res.ok) throw new LocalNotUpError(`The control endpoint answered ${res.status}.`);
  return (await res.json()) as ControlSnapshot;
}

export async function setFaults(controlUrl: string, values: Record<string, number | string | boolean>): Promise<void> {
  const res = await call(`${controlUrl}/control`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(values),
  });
  if (res.status === 400) {
    const body = (await res.json()) as { problems?: Array<{ name: string; message: string }> };
    throw new UnknownControlError(body.problems ?? [], [...faultNames, ...bugModes]);
  }
  if (!res.ok) throw new LocalNotUpError(`The control endpoint answered ${res.status}.`);
  await res.arrayBuffer();
}

/** Forgets the harmed IDs (between test cases or runs that share one stack). */
export async function clearHarmed(controlUrl: string): Promise<void> {
  const res = await call(`${controlUrl}/control/harmed`, { method: "DELETE" });
  await res.arrayBuffer();
}
