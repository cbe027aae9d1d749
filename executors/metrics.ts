// The metrics the engine produces and the aggregations each has: what a scenario's thresholds may name (k6's names,
// with k6's tag filter for a flow's steps: metric-key.ts).
import { parseMetricKey } from "./metric-key.ts";

export type MetricKind = "trend" | "rate" | "counter";

/** The metrics the engine produces, in k6's names where k6 has one. */
export const metricKinds: Readonly<Record<string, MetricKind>> = {
  /** Actual send to outcome, ms (k6's meaning). All channels: for a batch call, its entries' call time. */
  http_req_duration: "trend",
  /** Intended send to outcome, ms: the coordinated-omission-free latency (wrk2's). */
  http_req_intended: "trend",
  /** Share of completed messages that were not accepted (rej + unk). */
  http_req_failed: "rate",
  /** Messages sent. */
  iterations: "counter",
  /** Arrivals dropped because maxInFlight was reached. */
  dropped_iterations: "counter",
};

export const aggregationsOf: Readonly<Record<MetricKind, readonly string[]>> = {
  trend: ["p", "avg", "min", "max", "med", "count"],
  rate: ["rate"],
  counter: ["count", "rate"],
};

/** Why a threshold cannot apply to its metric, or undefined when it can (the expression's syntax is checked apart). */
export function thresholdProblem(key: string, expression: string): string | undefined {
  const parsed = parseMetricKey(key);
  if ("problem" in parsed) return parsed.problem;
  const { metric } = parsed;
  const kind = metricKinds[metric];
  if (kind === undefined)
    return `names a metric the engine does not produce (it produces ${Object.keys(metricKinds).join(", ")})`;
  const head = /^\s*(p\((\d+(?:\.\d+)?)\)|avg|min|max|med|rate|count)/.exec(expression);
  if (head === null) return undefined;
  const aggregation = (head[1] as string).startsWith("p(") ? "p" : (head[1] as string);
  if (!aggregationsOf[kind].includes(aggregation))
    return `"${expression}" uses ${aggregation === "p" ? "p(N)" : aggregation}, which a ${kind} metric does not have (it has ${aggregationsOf[kind].join(", ")})`;
  if (aggregation === "p" && Number(head[2]) > 100) return `"${expression}" asks for a percentile above 100`;
  return undefined;
}
