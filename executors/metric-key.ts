// A threshold's metric key: a metric name, optionally with k6's tag filter, `http_req_duration{step:confirm}`. The
// one tag is `step`, a flow call's step name, on the metrics a step has (its calls' durations and failure rate).

export interface MetricKey {
  metric: string;
  /** The `step` tag's value, or undefined for the whole metric. */
  step: string | undefined;
}

/** Metrics a step has: a call's duration and whether it failed (intended send time and arrivals are per message). */
export const stepMetrics: readonly string[] = ["http_req_duration", "http_req_failed"];

/** Step names: letters, digits, `_`, `.`, `-` (what a tag value may hold without quoting). */
export const stepNamePattern = /^[A-Za-z0-9_.-]+$/;

const keyPattern = /^([A-Za-z_][A-Za-z0-9_]*)(?:\{(.*)\})?$/s;

/** The key's parts, or why it is not a metric key (`names a tag other than step`...). */
export function parseMetricKey(key: string): MetricKey | { problem: string } {
  const match = keyPattern.exec(key);
  if (match === null)
    return { problem: 'is not a metric name or a k6 tag filter such as "http_req_duration{step:confirm}"' };
  const metric = match[1] as string;
  const filter = match[2];
  if (filter === undefined) return { metric, step: undefined };
  let step: string | undefined;
  for (const part of filter.split(",")) {
    const colon = part.indexOf(":");
    const name = part.slice(0, colon).trim();
    const value = part.slice(colon + 1).trim();
    if (colon < 0 || name === "" || value === "")
      return { problem: `has the tag filter {${filter}}, not tag:value pairs such as {step:confirm}` };
    if (name !== "step") return { problem: `filters on the tag "${name}"; the engine tags calls with step only` };
    if (!stepNamePattern.test(value))
      return { problem: `filters on the step "${value}", not a step name (letters, digits, _ . -)` };
    if (step !== undefined && step !== value) return { problem: "filters on two steps; give one" };
    step = value;
  }
  if (!stepMetrics.includes(metric))
    return { problem: `filters ${metric} by step, which only ${stepMetrics.join(" and ")} have (a flow call's)` };
  return { metric, step };
}
