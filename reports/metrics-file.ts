// metrics.json's types live in contracts/; re-exported for the collectors and renderers.
export type { MetricRole, MetricSeries, MetricsFile } from "../contracts/metrics.ts";
