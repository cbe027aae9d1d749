// What a local stack with a stream adds to its resolved target: the projection as a chained sink of the orders sink,
// the on-failure queue as the link's DLQ-like source, the Streams endpoint, and IteratorAge among the metrics.
import type { LocalTargetConfig, MetricQueryConfig, SinkConfig } from "../config/schema-target.ts";
import type { ResolvedTarget } from "../contracts/target.ts";
import type { LocalResources } from "./state.ts";

export interface StreamTargetParts {
  sinks: SinkConfig[];
  streamFailures: NonNullable<ResolvedTarget["streamFailures"]>;
  metrics: MetricQueryConfig[];
}

export const projectionSinkName = "projection";

/** None without a stream; with the team's stream consumer, its chained sink comes from the config's `sinks`. */
export function streamTargetParts(
  resources: LocalResources,
  target: LocalTargetConfig,
  headSink: string,
): StreamTargetParts {
  const stream = resources.stream;
  if (stream === undefined) return { sinks: [], streamFailures: [], metrics: [] };
  const sinks: SinkConfig[] =
    stream.projectionTable === undefined
      ? []
      : [
          {
            name: projectionSinkName,
            table: stream.projectionTable,
            idAttribute: "id",
            runPartition: { attribute: "runId", value: "{runId}" },
            sentAtAttribute: "sentAt",
            processedAtAttribute: "processedAt",
            scanSegments: 4,
            after: headSink,
          },
        ];
  const chained = sinks[0]?.name ?? target.sinks?.find((s) => s.after !== undefined)?.name;
  return {
    sinks,
    streamFailures:
      chained === undefined ? [] : [{ name: "stream-failures", queueUrl: stream.failureQueueUrl, sink: chained }],
    metrics: [
      {
        id: "streamIteratorAge",
        namespace: "AWS/Lambda",
        metricName: "IteratorAge",
        dimensions: { FunctionName: stream.functionName },
        stat: "Maximum",
        label: "Stream iterator age",
      },
      {
        id: "streamErrors",
        namespace: "AWS/Lambda",
        metricName: "Errors",
        dimensions: { FunctionName: stream.functionName },
        stat: "Sum",
        label: "Stream consumer errors",
      },
    ],
  };
}
