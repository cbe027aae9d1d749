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

/** CloudWatch's FunctionName dimension is the bare name, whether the config gives a name or an (partial) ARN. */
export function bareFunctionName(functionName: string): string {
  const at = functionName.indexOf("function:");
  return at < 0 ? functionName : (functionName.slice(at + "function:".length).split(":")[0] ?? functionName);
}

export function asyncFunctionMetrics(functions: readonly AwsAsyncFunctionConfig[]): MetricQueryConfig[] {
  return functions.flatMap((fn, i) =>
    asyncMetricQueries(bareFunctionName(fn.functionName), i === 0 ? "" : String(i + 1)),
  );
}
