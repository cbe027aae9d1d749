// The AWS metric names the report understands (Lambda, API Gateway, EventBridge, SQS), with their role, unit and usual stat.
import type { MetricQueryConfig } from "../../config/schema-target.ts";
import type { MetricRole } from "../metrics-file.ts";

interface KnownMetric {
  role: MetricRole;
  unit: string;
  stat: string;
}

const known: Record<string, Record<string, KnownMetric>> = {
  "AWS/Lambda": {
    Throttles: { role: "throttle", unit: "count", stat: "Sum" },
    Errors: { role: "error", unit: "count", stat: "Sum" },
    Invocations: { role: "throughput", unit: "count", stat: "Sum" },
    ConcurrentExecutions: { role: "other", unit: "count", stat: "Maximum" },
    Duration: { role: "latency", unit: "ms", stat: "Average" },
    DeadLetterErrors: { role: "error", unit: "count", stat: "Sum" },
    AsyncEventsDropped: { role: "error", unit: "count", stat: "Sum" },
    AsyncEventsReceived: { role: "throughput", unit: "count", stat: "Sum" },
    AsyncEventAge: { role: "age", unit: "ms", stat: "Average" },
    DestinationDeliveryFailures: { role: "error", unit: "count", stat: "Sum" },
  },
  "AWS/ApiGateway": {
    "4XXError": { role: "throttle", unit: "count", stat: "Sum" },
    "5XXError": { role: "error", unit: "count", stat: "Sum" },
    Count: { role: "throughput", unit: "count", stat: "Sum" },
    Latency: { role: "latency", unit: "ms", stat: "Average" },
    IntegrationLatency: { role: "latency", unit: "ms", stat: "Average" },
  },
  "AWS/Events": {
    ThrottledRules: { role: "throttle", unit: "count", stat: "Sum" },
    FailedInvocations: { role: "error", unit: "count", stat: "Sum" },
    RetryInvocationAttempts: { role: "retry", unit: "count", stat: "Sum" },
    InvocationsSentToDlq: { role: "dlq", unit: "count", stat: "Sum" },
    InvocationsFailedToBeSentToDlq: { role: "error", unit: "count", stat: "Sum" },
    Invocations: { role: "throughput", unit: "count", stat: "Sum" },
    MatchedEvents: { role: "throughput", unit: "count", stat: "Sum" },
    PutEventsFailedEntries: { role: "error", unit: "count", stat: "Sum" },
  },
  // Not an AWS metric: the local target's worker processes starting for an invocation (Powertools calls it ColdStart).
  "Local/Lambda": {
    ColdStart: { role: "other", unit: "count", stat: "Sum" },
  },
  "AWS/SQS": {
    ApproximateNumberOfMessagesVisible: { role: "depth", unit: "count", stat: "Maximum" },
    ApproximateNumberOfMessagesNotVisible: { role: "depth", unit: "count", stat: "Maximum" },
    ApproximateAgeOfOldestMessage: { role: "age", unit: "s", stat: "Maximum" },
    NumberOfMessagesSent: { role: "throughput", unit: "count", stat: "Sum" },
    NumberOfMessagesReceived: { role: "throughput", unit: "count", stat: "Sum" },
    NumberOfMessagesDeleted: { role: "throughput", unit: "count", stat: "Sum" },
  },
};

export function describeMetric(namespace: string, metricName: string): KnownMetric {
  return known[namespace]?.[metricName] ?? { role: "other", unit: "", stat: "Sum" };
}

/** The dimension each namespace is keyed by, for the query helpers below. */
const dimensionOf = {
  lambda: "FunctionName",
  api: "ApiName",
  events: "RuleName",
  sqs: "QueueName",
} as const;

function queries(
  prefix: string,
  namespace: string,
  names: readonly string[],
  dimensions: Record<string, string>,
): MetricQueryConfig[] {
  return names.map((metricName) => ({
    id: `${prefix}${metricName.replace(/[^A-Za-z0-9]/g, "")}`,
    namespace,
    metricName,
    dimensions,
    stat: describeMetric(namespace, metricName).stat,
  }));
}

/** The queries worth pulling for one function, API stage, rule or queue: what a config or the local provisioner lists. */
export const awsMetricQueries = {
  lambda: (key: string, functionName: string) =>
    queries(`${key}_`, "AWS/Lambda", ["Throttles", "Errors", "Invocations", "ConcurrentExecutions"], {
      [dimensionOf.lambda]: functionName,
    }),
  api: (key: string, apiName: string, stage: string) =>
    queries(`${key}_`, "AWS/ApiGateway", ["4XXError", "5XXError", "Count", "Latency"], {
      [dimensionOf.api]: apiName,
      Stage: stage,
    }),
  eventRule: (key: string, busName: string, ruleName: string) =>
    queries(
      `${key}_`,
      "AWS/Events",
      ["Invocations", "FailedInvocations", "RetryInvocationAttempts", "InvocationsSentToDlq", "ThrottledRules"],
      { EventBusName: busName, [dimensionOf.events]: ruleName },
    ),
  sqs: (key: string, queueName: string) =>
    queries(
      `${key}_`,
      "AWS/SQS",
      ["ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage", "NumberOfMessagesSent"],
      { [dimensionOf.sqs]: queueName },
    ),
};
