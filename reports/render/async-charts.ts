// Charts of a function invoked asynchronously, per metrics period: events received against invocations, errors and
// drops (the gap between invocations and received is the retries), and the event age (average and highest).
import { asyncSeries } from "../async-metrics.ts";
import { metricGrid } from "../metric-grid.ts";
import type { MetricSeries } from "../metrics-file.ts";
import { type ChartSeries, type ChartSpec, periodSteps, type TimeAxis } from "./chart-spec.ts";

const colors = { received: "#2563eb", invocations: "#16a34a", errors: "#dc2626", dropped: "#d97706", age: "#7c3aed" };

export function asyncCharts(
  metrics: readonly MetricSeries[],
  period: number,
  window: { start: number; end: number },
  axis: TimeAxis,
): ChartSpec[] {
  const line = (name: string, color: string, m: MetricSeries | undefined): ChartSeries[] =>
    m === undefined || m.points.length === 0
      ? []
      : [{ name, color, points: periodSteps(metricGrid(m, period, window), period, axis) }];
  return asyncSeries(metrics).flatMap((s, i) => {
    const retries: ChartSpec = {
      id: `chart-async-retries-${i}`,
      title: `Async invocation of ${s.functionName}: received, invoked (received + retries), errors, dropped per ${period} s`,
      unit: "events",
      series: [
        ...line("AsyncEventsReceived", colors.received, s.received),
        ...line("Invocations", colors.invocations, s.invocations),
        ...line("Errors", colors.errors, s.errors),
        ...line("AsyncEventsDropped", colors.dropped, s.dropped),
      ],
    };
    const age: ChartSpec = {
      id: `chart-async-age-${i}`,
      title: `Async event age of ${s.functionName} (time queued before each invocation) per ${period} s`,
      unit: "ms",
      series: [...line("average", colors.received, s.ageAverage), ...line("highest", colors.age, s.ageMaximum)],
    };
    return [retries, age].filter((c) => c.series.length > 0);
  });
}
