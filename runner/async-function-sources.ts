// An aws target's async functions as sources: their on-failure destination and DLQ as DLQs, their AWS/Lambda async
// metrics as CloudWatch queries.
import { asyncMetricQueries } from "../config/async-metrics.ts";
import type { AwsAsyncFunctionConfig } from "../config/schema-async.ts";
import type { DlqConfig, MetricQueryConfig } from "../config/schema-target.ts";

export function asyncFunctionDlqs(functions: readonly AwsAsyncFunctionConfig[]): DlqConfig[] {
  return functions.flatMap((fn) => [
    ...(fn.destinationQueueUrl === undefined
      ? []
      : [{ name: `${fn.name}-destination`, queueUrl: fn.destinationQueueUrl, idPath: `requestPayload.${fn.idPath}` }]),
    ...(fn.dlqUrl === undefined ? [] : [{ name: `${fn.name}-dlq`, queueUrl: fn.dlqUrl, idPath: fn.idPath }]),
  ]);
}

export function asyncFunctionMetrics(functions: readonly AwsAsyncFunctionConfig[]): MetricQueryConfig[] {
  return functions.flatMap((fn, i) => asyncMetricQueries(fn.functionName, i === 0 ? "" : String(i + 1)));
}
