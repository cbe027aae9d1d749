// The CloudWatch queries of an asynchronously invoked function, under AWS's names (AWS/Lambda, FunctionName): the
// same on AWS targets (config `asyncFunctions`) and on the local one, whose app publishes them.
import type { MetricQueryConfig } from "../contracts/target-parts.ts";

/** Query ids of the async metrics, which the report's async finding and chart look for. */
export const asyncMetricIds = {
  received: "asyncEventsReceived",
  age: "asyncEventAge",
  ageMax: "asyncEventAgeMax",
  dropped: "asyncEventsDropped",
  destinationFailures: "asyncDestinationFailures",
  invocations: "asyncInvocations",
  errors: "asyncErrors",
  throttles: "asyncThrottles",
} as const;

/** A suffix keeps the ids of several functions apart (the first one has none). */
export function asyncMetricQueries(functionName: string, suffix = ""): MetricQueryConfig[] {
  const dimensions = { FunctionName: functionName };
  const q = (id: string, metricName: string, stat = "Sum"): MetricQueryConfig => ({
    id: `${id}${suffix}`,
    namespace: "AWS/Lambda",
    metricName,
    dimensions,
    stat,
  });
  return [
    q(asyncMetricIds.received, "AsyncEventsReceived"),
    q(asyncMetricIds.age, "AsyncEventAge", "Average"),
    q(asyncMetricIds.ageMax, "AsyncEventAge", "Maximum"),
    q(asyncMetricIds.dropped, "AsyncEventsDropped"),
    q(asyncMetricIds.destinationFailures, "DestinationDeliveryFailures"),
    q(asyncMetricIds.invocations, "Invocations"),
    q(asyncMetricIds.errors, "Errors"),
    q(asyncMetricIds.throttles, "Throttles"),
  ];
}
