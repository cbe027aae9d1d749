// Finding: how a function invoked asynchronously fared: events received, retries made (invocations beyond one per
// event), events dropped to the destination or DLQ, destination failures, and the oldest event age, from AWS/Lambda.
import { asyncSeries, peak, total } from "../async-metrics.ts";
import type { FindingContext } from "./context.ts";
import { fmt } from "./format.ts";
import type { AsyncRetriesFinding } from "./types.ts";

export function asyncRetries(ctx: FindingContext): AsyncRetriesFinding[] {
  return asyncSeries(ctx.input.metrics).flatMap((s): AsyncRetriesFinding[] => {
    const received = total(s.received);
    if (received === 0) return [];
    const invocations = total(s.invocations);
    const errors = total(s.errors);
    const throttles = total(s.throttles);
    const dropped = total(s.dropped);
    const destinationFailures = total(s.destinationFailures);
    // Every event is invoked once unless it aged out first; what is above that is retries.
    const retries = Math.max(0, invocations - received);
    const ageMaxMs = peak(s.ageMaximum) ?? peak(s.ageAverage);
    const severity = destinationFailures > 0 ? "problem" : dropped > 0 || retries > 0 ? "warning" : "info";
    const age = ageMaxMs === null ? "" : `; the oldest event waited ${fmt(ageMaxMs)} ms before an invocation`;
    return [
      {
        kind: "asyncRetries",
        severity,
        title: `Async invocation of ${s.functionName}: ${fmt(retries)} retries, ${fmt(dropped)} events dropped`,
        summary:
          `${s.functionName} received ${fmt(received)} events asynchronously and was invoked ${fmt(invocations)} times ` +
          `(${fmt(errors)} function errors, ${fmt(throttles)} throttles)${age}. ` +
          (dropped === 0
            ? "No event failed for good."
            : `${fmt(dropped)} failed for good and went to the on-failure destination or DLQ` +
              (destinationFailures > 0 ? `; ${fmt(destinationFailures)} could not be delivered there.` : ".")),
        window: null,
        functionName: s.functionName,
        received,
        invocations,
        retries,
        errors,
        throttles,
        dropped,
        destinationFailures,
        eventAgeMaxMs: ageMaxMs,
        evidence: [
          { label: "AsyncEventsReceived", value: fmt(received), source: "metrics" },
          {
            label: "Invocations (retries above one per event)",
            value: `${fmt(invocations)} (${fmt(retries)})`,
            source: "metrics",
          },
          { label: "Errors / Throttles", value: `${fmt(errors)} / ${fmt(throttles)}`, source: "metrics" },
          { label: "AsyncEventsDropped", value: fmt(dropped), source: "metrics" },
          { label: "DestinationDeliveryFailures", value: fmt(destinationFailures), source: "metrics" },
          ...(ageMaxMs === null
            ? []
            : [{ label: "AsyncEventAge, highest", value: `${fmt(ageMaxMs)} ms`, source: "metrics" as const }]),
        ],
      },
    ];
  });
}
