// A verdict for when the verifier itself cannot run (target down, crash): unknown, with the reason, no ID in any class.
import { type ClassResult, type MessageClass, messageClasses, type Verdict } from "../contracts/verdict.ts";

export function unknownVerdict(runId: string, reason: string, now: Date = new Date()): Verdict {
  const classes = {} as Record<MessageClass, ClassResult>;
  for (const c of messageClasses) classes[c] = { count: 0, sample: [] };
  return {
    schemaVersion: 1,
    runId,
    verifiedAt: now.toISOString(),
    valid: "unknown",
    reasons: [reason],
    totals: { ledger: 0, accepted: 0, rejected: 0, unknown: 0, sinkItems: 0, dlqMessages: 0 },
    classes,
    e2eLatency: null,
    bySecond: {},
    sources: { ledger: { files: 0, complete: false, problems: [reason] }, sinks: [], dlqs: [] },
    drain: null,
  };
}
