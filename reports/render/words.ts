// Plain-word descriptions of message classes, statuses and flow steps, shared by the HTML and Markdown reporters.
import type { StepSummary } from "../../contracts/load-summary.ts";
import type { MessageClass } from "../../contracts/verdict.ts";

export const classMeaning: Record<MessageClass, string> = {
  delivered: "accepted, in the sink exactly once",
  duplicated: "accepted, in the sink more than once",
  deadLettered: "accepted, in a DLQ and not in the sink",
  lost: "accepted, found nowhere",
  inFlight: "accepted, still in a queue at the drain deadline",
  rejected: "rejected by the target, not delivered",
  rejectedButDelivered: "rejected by the target, delivered anyway",
  unknownDelivered: "outcome unknown to the client, delivered",
  unknownNotDelivered: "outcome unknown to the client, not delivered",
  unexpected: "in the sink or a DLQ with this run's prefix but never sent",
};

export const statusWord = { pass: "PASS", fail: "FAIL", unknown: "UNKNOWN", skipped: "SKIPPED" } as const;

export function validWord(valid: true | false | "unknown"): string {
  return valid === true ? "valid" : valid === false ? "invalid" : "unknown";
}

/** One line per flow step (`token: 180 calls, 180 accepted ..., p50 41 ms ...`), in name order; none without a flow. */
export function stepLines(steps: Readonly<Record<string, StepSummary>> | undefined): string[] {
  const n = (v: number) => v.toLocaleString("en-US");
  return Object.entries(steps ?? {})
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([name, s]) => {
      const d = s.duration;
      const times =
        d === null
          ? "no durations"
          : `p50 ${Math.round(d.p50)} ms, p95 ${Math.round(d.p95)} ms, p99 ${Math.round(d.p99)} ms, max ${Math.round(d.max)} ms`;
      return `${name}: ${n(s.calls)} calls, ${n(s.acc)} accepted, ${n(s.rej)} rejected, ${n(s.unk)} unknown; ${times}`;
    });
}
