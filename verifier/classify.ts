// The classification rule of DESIGN.md "Verdict": one ID's evidence -> exactly one message class.

import { OutcomeCode, outcomeMask } from "../contracts/ledger/outcome-code.ts";
import { type MessageClass, messageClasses } from "../contracts/verdict.ts";

export const classCode = Object.fromEntries(messageClasses.map((c, i) => [c, i])) as Record<MessageClass, number>;
const C = classCode;

/**
 * ledger: outcome code (OutcomeCode: none, acc, rej, unk); sink: times the sink shows the ID; dlq: DLQ messages with it;
 * inFlight: seen in a watched queue at the drain deadline. Returns -1 when no source knows the ID.
 *
 * Precedence, and why: the sink is the proof of delivery, so it wins over a DLQ copy (processed, then redriven
 * anyway); a DLQ is terminal, so it wins over a queue; for a rejected ID any sign that the pipeline took it in
 * (sink, DLQ, queue) means the system did it anyway. The client's outcome and the message's fate are independent
 * facts: an unknown outcome (a timeout) says nothing of the fate, so an unknown ID with a fate takes that fate's class
 * (written twice: duplicated; dead-lettered; still queued: inFlight) and only a single sink item or no trace at all
 * keeps the unknown classes, so the gates on duplicates and DLQ arrivals count every ID that shows them.
 */
export function classify(ledger: number, sink: number, dlq: number, inFlight: number): number {
  switch (ledger & outcomeMask) {
    case OutcomeCode.acc:
      if (sink === 1) return C.delivered;
      if (sink > 1) return C.duplicated;
      if (dlq > 0) return C.deadLettered;
      if (inFlight > 0) return C.inFlight;
      return C.lost;
    case OutcomeCode.rej:
      return sink > 0 || dlq > 0 || inFlight > 0 ? C.rejectedButDelivered : C.rejected;
    case OutcomeCode.unk:
      if (sink === 1) return C.unknownDelivered;
      if (sink > 1) return C.duplicated;
      if (dlq > 0) return C.deadLettered;
      if (inFlight > 0) return C.inFlight;
      return C.unknownNotDelivered;
    default:
      return sink > 0 || dlq > 0 || inFlight > 0 ? C.unexpected : -1;
  }
}
