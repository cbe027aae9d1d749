// Public entry of the report stage: collectors during and after the run, then buildReport from the run directory.
export { type BuildReportOptions, buildReport, judgeRunDir } from "./build.ts";
export { awsMetricQueries, describeMetric } from "./collect/aws-metrics.ts";
export { type CollectMetricsOptions, collectMetrics } from "./collect/cloudwatch.ts";
export { choosePeriod } from "./collect/period.ts";
export { type Sampler, type SamplerOptions, startSampler } from "./collect/sampler.ts";
export * from "./errors.ts";
export type * from "./findings/types.ts";
export type { GateResult, GateStatus } from "./gates.ts";
export type { MetricRole, MetricSeries, MetricsFile } from "./metrics-file.ts";
export { reporterNames } from "./render/index.ts";
export { exitCodeFor, type ReporterOutcome, type RunResult } from "./result.ts";
export type { QueueSample } from "./samples.ts";
