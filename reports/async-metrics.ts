// The async-invocation series of a run's metrics, found by AWS's names (AWS/Lambda Async*): the function is the one
// AsyncEventsReceived is reported for, and its Invocations, Errors and Throttles are matched by that FunctionName.
import type { MetricSeries } from "./metrics-file.ts";

export interface AsyncSeries {
  functionName: string;
  received: MetricSeries;
  invocations?: MetricSeries | undefined;
  errors?: MetricSeries | undefined;
  throttles?: MetricSeries | undefined;
  dropped?: MetricSeries | undefined;
  destinationFailures?: MetricSeries | undefined;
  ageAverage?: MetricSeries | undefined;
  ageMaximum?: MetricSeries | undefined;
}

/** One entry per function with AsyncEventsReceived among the run's metrics. */
export function asyncSeries(metrics: readonly MetricSeries[]): AsyncSeries[] {
  const lambda = metrics.filter((m) => m.namespace === "AWS/Lambda");
  return lambda
    .filter((m) => m.metricName === "AsyncEventsReceived")
    .map((received) => {
      const functionName = received.dimensions.FunctionName ?? "";
      const find = (name: string, stat?: string) =>
        lambda.find(
          (m) =>
            m.metricName === name &&
            (m.dimensions.FunctionName ?? "") === functionName &&
            (stat === undefined || m.stat === stat),
        );
      return {
        functionName,
        received,
        invocations: find("Invocations"),
        errors: find("Errors"),
        throttles: find("Throttles"),
        dropped: find("AsyncEventsDropped"),
        destinationFailures: find("DestinationDeliveryFailures"),
        ageAverage: find("AsyncEventAge", "Average"),
        ageMaximum: find("AsyncEventAge", "Maximum"),
      };
    });
}

export function total(series: MetricSeries | undefined): number {
  return (series?.points ?? []).reduce((a, [, v]) => a + (Number.isFinite(v) ? v : 0), 0);
}

export function peak(series: MetricSeries | undefined): number | null {
  const values = (series?.points ?? []).map(([, v]) => v).filter(Number.isFinite);
  return values.length === 0 ? null : Math.max(...values);
}
