// metrics.json: the platform's CloudWatch series for the run window, as collected (the report's server-side view).

/** What a metric says about the pipeline, so findings can ask for "throttles" without knowing AWS names. */
export type MetricRole = "throttle" | "error" | "dlq" | "retry" | "depth" | "age" | "throughput" | "latency" | "other";

export interface MetricSeries {
  /** The query id from the target config (CloudWatch MetricDataQuery Id). */
  id: string;
  label: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  stat: string;
  role: MetricRole;
  unit: string;
  /** [epoch seconds at the start of the period, value], ascending. */
  points: Array<[number, number]>;
  /** CloudWatch StatusCode of the last page: Complete, PartialData, Forbidden, InternalError. */
  status: string;
}

export interface MetricsFile {
  schemaVersion: 1;
  collectedAt: string;
  /** The window asked for, epoch ms. */
  start: number;
  end: number;
  periodSeconds: number;
  series: MetricSeries[];
  /** Problems CloudWatch reported (messages, partial data), so the report can say what it could not see. */
  problems: string[];
}
