// What a flow's message comes to in the ledger, from what the flow returned or threw and the calls it made (pure).
import type { Outcome } from "../../../contracts/ledger.ts";

/** The last call a message's flow made: its status, outcome, error and step. */
export interface LastCall {
  status: number;
  outcome: Outcome;
  error: string | undefined;
  step: string;
}

export interface Settled {
  status: number;
  outcome: Outcome;
  err: string | undefined;
}

const outcomes: readonly string[] = ["acc", "rej", "unk"];

/**
 * The flow returned: nothing means its last call's outcome (a message with no call at all was never sent: rej), an
 * outcome, `{ outcome, reason }` or a call's result is taken as given. The ledger's status is the last call's.
 */
export function returnedOutcome(returned: unknown, written: number, last: LastCall | undefined): Settled {
  const status = last?.status ?? 0;
  if (returned === undefined) {
    if (last === undefined) return { status, outcome: "rej", err: "flow: made no call" };
    const err = last.error === undefined ? undefined : `${last.error} at step ${last.step}`;
    return { status, outcome: last.outcome, err };
  }
  if (typeof returned === "string" && outcomes.includes(returned))
    return { status, outcome: returned as Outcome, err: undefined };
  if (returned !== null && typeof returned === "object" && !Array.isArray(returned)) {
    // `{ outcome, reason }`, or a call's own result returned as it is (`return ctx.http.post(...)`: its error).
    const { outcome, reason, error } = returned as { outcome?: unknown; reason?: unknown; error?: unknown };
    const why = reason ?? error;
    if (typeof outcome === "string" && outcomes.includes(outcome))
      return { status, outcome: outcome as Outcome, err: why === undefined ? undefined : String(why) };
  }
  return thrownOutcome(
    new Error(`returned ${JSON.stringify(returned) ?? String(returned)}, not acc, rej, unk or { outcome, reason }`),
    written,
    last,
  );
}

/**
 * The flow threw (or returned nonsense). Once any call went out the target may hold the message: unk. Before its
 * first call nothing was sent, so the target cannot have it: rej. Either way the reason is the error's message.
 */
export function thrownOutcome(error: unknown, written: number, last: LastCall | undefined): Settled {
  const message = error instanceof Error ? error.message : String(error);
  return { status: last?.status ?? 0, outcome: written > 0 ? "unk" : "rej", err: `flow: ${message}` };
}
