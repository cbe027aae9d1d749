// A CloudWatch series on its period grid: a period with no data point is a zero for counts (nothing was published), unknown otherwise.
import type { MetricSeries } from "./metrics-file.ts";

/** Statistics for which "no data point" means "nothing happened": CloudWatch publishes no zero for them. */
const countStats = new Set(["Sum", "SampleCount"]);

/**
 * One [period start, value] per period of the collection window (epoch seconds, end exclusive); missing periods are 0
 * for Sum and SampleCount, NaN for averages, maxima and percentiles.
 */
export function metricGrid(
  series: Pick<MetricSeries, "points" | "stat">,
  periodSeconds: number,
  window: { start: number; end: number },
): Array<[number, number]> {
  const period = Math.max(1, periodSeconds);
  const values = new Map(series.points.map(([t, v]) => [t, v]));
  const missing = countStats.has(series.stat) ? 0 : Number.NaN;
  const first = Math.floor(window.start / period) * period;
  const out: Array<[number, number]> = [];
  for (let t = first; t < window.end; t += period) out.push([t, values.get(t) ?? missing]);
  // Points off the grid (a period CloudWatch aligned differently) are kept rather than dropped.
  for (const [t, v] of series.points) if ((t - first) % period !== 0) out.push([t, v]);
  return out.sort((a, b) => a[0] - b[0]);
}
