// k6 thresholds: parse `p(95)<500`-style expressions once, before the load, and judge them on the run's metrics.

import type { ThresholdResult } from "../../contracts/load-summary.ts";
import type { ScenarioConfig } from "../../executors/index.ts";
import { parseMetricKey } from "../../executors/metric-key.ts";
import { aggregationsOf, metricKinds } from "../../executors/metrics.ts";
import { ThresholdConfigError } from "./errors.ts";
import type { Histogram } from "./histogram.ts";
import type { StepTotals } from "./step-totals.ts";

type Operator = "<" | "<=" | ">" | ">=" | "==" | "!=";

export { metricKinds } from "../../executors/metrics.ts";

export interface Threshold {
  /** The key as written (`http_req_duration{step:confirm}`), as results name it. */
  metric: string;
  /** The metric without its tag filter. */
  base: string;
  /** The `step` tag filter's value: the threshold judges that flow step's calls only. */
  step: string | undefined;
  expression: string;
  aggregation: "p" | "avg" | "min" | "max" | "med" | "count" | "rate";
  /** For p(N). */
  percentile: number;
  operator: Operator;
  bound: number;
  abortOnFail: boolean;
  delayAbortEvalMs: number;
}

const expressionPattern =
  /^\s*(p\((\d+(?:\.\d+)?)\)|avg|min|max|med|rate|count)\s*(<=|>=|<|>|==|!=)\s*(-?\d+(?:\.\d+)?)\s*$/;

export function parseThreshold(
  metric: string,
  expression: string,
  options: { abortOnFail?: boolean; delayAbortEvalMs?: number } = {},
): Threshold {
  const key = parseMetricKey(metric);
  if ("problem" in key) throw new ThresholdConfigError(metric, expression, key.problem);
  const kind = metricKinds[key.metric];
  if (kind === undefined)
    throw new ThresholdConfigError(metric, expression, `names a metric the engine does not produce`);
  const match = expressionPattern.exec(expression);
  if (match === null) throw new ThresholdConfigError(metric, expression, "is not a k6 threshold expression");
  const head = match[1] as string;
  const aggregation = (head.startsWith("p(") ? "p" : head) as Threshold["aggregation"];
  if (!aggregationsOf[kind].includes(aggregation))
    throw new ThresholdConfigError(
      metric,
      expression,
      `uses ${aggregation === "p" ? "p(N)" : aggregation}, which a ${kind} metric does not have (it has ${aggregationsOf[kind].join(", ")})`,
    );
  const percentile = aggregation === "p" ? Number(match[2]) : 0;
  if (percentile > 100) throw new ThresholdConfigError(metric, expression, "asks for a percentile above 100");
  return {
    metric,
    base: key.metric,
    step: key.step,
    expression: expression.trim(),
    aggregation,
    percentile,
    operator: match[3] as Operator,
    bound: Number(match[4]),
    abortOnFail: options.abortOnFail === true,
    delayAbortEvalMs: options.delayAbortEvalMs ?? 0,
  };
}

export function parseThresholds(scenario: ScenarioConfig): Threshold[] {
  const out: Threshold[] = [];
  for (const [metric, list] of Object.entries(scenario.thresholds)) {
    for (const item of list) {
      if (typeof item === "string") out.push(parseThreshold(metric, item));
      else
        out.push(
          parseThreshold(metric, item.threshold, {
            abortOnFail: item.abortOnFail,
            delayAbortEvalMs: item.delayAbortEvalMs,
          }),
        );
    }
  }
  return out;
}

/** What thresholds are judged on: totals so far (during the run) or of the whole run (at the end). */
export interface MetricsView {
  duration: Histogram;
  intended: Histogram;
  completed: number;
  failed: number;
  sent: number;
  dropped: number;
  elapsedMs: number;
  /** A flow's calls by step, for tag-filtered thresholds (`http_req_duration{step:confirm}`). */
  steps?: Readonly<Record<string, StepTotals>>;
}

/** The metric's aggregated value, or null when there is nothing to judge yet (no samples). */
export function metricValue(t: Threshold, m: MetricsView): number | null {
  const kind = metricKinds[t.base];
  if (t.step !== undefined) {
    // A step with no calls yet has nothing to judge, as an empty trend in k6.
    const step = m.steps?.[t.step];
    if (step === undefined || step.calls === 0) return null;
    if (kind === "rate") return (step.rej + step.unk) / step.calls;
    return trendValue(t, step.duration);
  }
  if (kind === "trend") return trendValue(t, t.base === "http_req_intended" ? m.intended : m.duration);
  if (kind === "rate") return m.completed === 0 ? null : m.failed / m.completed;
  const count = t.base === "iterations" ? m.sent : m.dropped;
  if (t.aggregation === "count") return count;
  return m.elapsedMs <= 0 ? null : count / (m.elapsedMs / 1000);
}

function trendValue(t: Threshold, h: Histogram): number | null {
  switch (t.aggregation) {
    case "p":
      return h.percentile(t.percentile);
    case "med":
      return h.percentile(50);
    case "avg":
      return h.mean();
    case "min":
      return h.count === 0 ? null : h.min;
    case "max":
      return h.count === 0 ? null : h.max;
    default:
      return h.count;
  }
}

function holds(value: number, operator: Operator, bound: number): boolean {
  switch (operator) {
    case "<":
      return value < bound;
    case "<=":
      return value <= bound;
    case ">":
      return value > bound;
    case ">=":
      return value >= bound;
    case "==":
      return value === bound;
    case "!=":
      return value !== bound;
  }
}

/** A threshold with no samples passes, as in k6 (a trend nobody fed cannot be over its bound). */
export function evaluate(t: Threshold, m: MetricsView): ThresholdResult {
  const value = metricValue(t, m);
  return {
    metric: t.metric,
    expression: t.expression,
    ok: value === null || holds(value, t.operator, t.bound),
    value,
    abortOnFail: t.abortOnFail,
  };
}

/** The first abortOnFail threshold that fails once its delayAbortEval has passed, or null. */
export function abortingThreshold(thresholds: readonly Threshold[], m: MetricsView): ThresholdResult | null {
  for (const t of thresholds) {
    if (!t.abortOnFail || m.elapsedMs < t.delayAbortEvalMs) continue;
    const result = evaluate(t, m);
    if (!result.ok) return result;
  }
  return null;
}
