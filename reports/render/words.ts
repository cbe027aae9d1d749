// Plain-word descriptions of message classes and statuses, shared by the HTML and Markdown reporters.
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
