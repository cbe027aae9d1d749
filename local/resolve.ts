// Turns a running local stack's state into the ResolvedTarget every stage uses, exactly as an AWS target resolves.

import { asyncMetricQueries } from "../config/async-metrics.ts";
import type { LocalTargetConfig, MetricQueryConfig } from "../config/schema-target.ts";
import type { ResolvedTarget } from "../contracts/target.ts";
import { type SagaConfig, stateMachineMetricQueries } from "../contracts/target-parts.ts";
import { asyncDlqs } from "./async-sources.ts";
import { LocalNotUpError } from "./errors.ts";
import { localHttpAuth } from "./gateway-auth.ts";
import { localCredentials } from "./resources.ts";
import type { LocalResources, LocalState } from "./state.ts";
import { streamTargetParts } from "./streams-target.ts";

/** The local saga's step tables as saga sources: what an aws target names for its own deployed saga. */
function sagaSources(saga: NonNullable<LocalResources["saga"]>): SagaConfig {
  const table = (name: string, tableName: string, role: { step: string } | { compensates: string }) => ({
    name,
    table: tableName,
    idAttribute: "id",
    runPartition: { attribute: "runId", value: "{runId}" },
    sentAtAttribute: "sentAt",
    scanSegments: 1,
    ...role,
  });
  const t = saga.tables;
  return {
    steps: ["reserve", "charge", "ship"],
    tables: [
      table("reserve", t.reserve, { step: "reserve" }),
      table("charge", t.charge, { step: "charge" }),
      table("ship", t.ship, { step: "ship" }),
      table("cancel-reservation", t.cancelReservation, { compensates: "reserve" }),
      table("refund", t.refund, { compensates: "charge" }),
    ],
  };
}

function metricQueries(functionName: string, apiName: string, ruleName: string): MetricQueryConfig[] {
  const lambda = { FunctionName: functionName };
  const api = { ApiName: apiName };
  const rule = { RuleName: ruleName };
  const q = (
    id: string,
    namespace: string,
    metricName: string,
    dimensions: Record<string, string>,
    stat = "Sum",
  ): MetricQueryConfig => ({ id, namespace, metricName, dimensions, stat });
  return [
    q("lambdaInvocations", "AWS/Lambda", "Invocations", lambda),
    q("lambdaErrors", "AWS/Lambda", "Errors", lambda),
    q("lambdaThrottles", "AWS/Lambda", "Throttles", lambda),
    q("lambdaConcurrency", "AWS/Lambda", "ConcurrentExecutions", lambda, "Maximum"),
    q("lambdaDuration", "AWS/Lambda", "Duration", lambda, "Average"),
    q("apiCount", "AWS/ApiGateway", "Count", api),
    q("api4xx", "AWS/ApiGateway", "4XXError", api),
    q("api5xx", "AWS/ApiGateway", "5XXError", api),
    q("apiLatency", "AWS/ApiGateway", "Latency", api, "Average"),
    q("eventsInvocations", "AWS/Events", "Invocations", rule),
    q("eventsFailed", "AWS/Events", "FailedInvocations", rule),
    q("eventsRetries", "AWS/Events", "RetryInvocationAttempts", rule),
    q("eventsToDlq", "AWS/Events", "InvocationsSentToDlq", rule),
    q("eventsThrottledRules", "AWS/Events", "ThrottledRules", rule),
  ];
}

export function resolveLocalTarget(state: LocalState, targetName: string, target: LocalTargetConfig): ResolvedTarget {
  const { endpoints, resources } = state;
  if (state.status !== "up" || endpoints === undefined || resources === undefined) {
    throw new LocalNotUpError("The local target is still starting or its state is incomplete.");
  }
  // What the running stack's gateway checks (it may have been started with other knobs than this config's).
  const auth = localHttpAuth(state.target.gateway?.auth, endpoints.gateway, state.region);
  const headSink = target.sinks?.find((s) => s.after === undefined)?.name ?? "orders";
  const stream = streamTargetParts(resources, state.target, headSink);
  const resolved: ResolvedTarget = {
    name: targetName,
    kind: "local",
    environment: target.environment,
    maxRps: target.maxRps,
    aws: {
      region: state.region,
      staticCredentials: { ...localCredentials },
      endpoints: {
        sqs: endpoints.sqs,
        dynamodb: endpoints.dynamodb,
        cloudwatch: endpoints.cloudwatch,
        events: endpoints.events,
        ...(endpoints.sfn === undefined ? {} : { sfn: endpoints.sfn }),
        ...(endpoints.lambda === undefined ? {} : { lambda: endpoints.lambda }),
        // The stream stand-in answers the Streams API on the DynamoDB endpoint.
        ...(resources.stream === undefined ? {} : { dynamodbstreams: endpoints.dynamodb }),
      },
    },
    http: {
      url: `${endpoints.gateway}/orders`,
      method: "POST",
      headers: { "content-type": "application/json" },
      bodyTemplate: '{"id":"{{id}}","sentAt":{{sentAt}}}',
      timeoutMs: 30_000,
      ...(auth === undefined ? {} : { auth }),
    },
    events: { busName: resources.busName, source: resources.source, detailType: resources.detailType },
    sqs: { queueUrl: resources.ingestQueueUrl },
    ...(resources.saga === undefined
      ? {}
      : { sfn: { stateMachineArn: resources.saga.stateMachineArn }, saga: sagaSources(resources.saga) }),
    ...(resources.asyncFunctionName === undefined ? {} : { lambda: { functionName: resources.asyncFunctionName } }),
    queues: [
      { name: "ingest", queueUrl: resources.ingestQueueUrl },
      { name: "events", queueUrl: resources.eventsQueueUrl },
    ],
    // The team's consumer writes its own tables, named in the config; the reference consumer writes orders-sink.
    sinks: target.sinks ?? [
      {
        name: "orders",
        table: resources.table,
        idAttribute: "id",
        runPartition: { attribute: "runId", value: "{runId}" },
        sentAtAttribute: "sentAt",
        processedAtAttribute: "processedAt",
        // No attemptsAttribute: the item's `attempts` is SQS's receive count, not a write counter, so a retried
        // message is not a duplicate; the double-write bug shows as a second item instead.
        scanSegments: 4,
      },
    ],
    dlqs: [
      // The consumer's DLQs get the original SQS body; EventBridge's target DLQ gets the whole event envelope.
      { name: "ingest-dlq", queueUrl: resources.ingestDlqUrl, idPath: "id" },
      { name: "events-dlq", queueUrl: resources.eventsDlqUrl, idPath: "detail.id" },
      { name: "events-target-dlq", queueUrl: resources.eventsTargetDlqUrl, idPath: "detail.id" },
      ...asyncDlqs(resources),
    ],
    metrics: [
      ...metricQueries(resources.functionName, resources.apiName, resources.ruleName),
      ...(resources.asyncFunctionName === undefined ? [] : asyncMetricQueries(resources.asyncFunctionName)),
      ...(resources.saga === undefined ? [] : stateMachineMetricQueries(resources.saga.stateMachineArn)),
      // The team's consumer runs in worker processes that cold-start; the reference one runs in the lambda process.
      ...(state.target.functions?.consumer === undefined
        ? []
        : [
            {
              id: "lambdaColdStarts",
              namespace: "Local/Lambda",
              metricName: "ColdStart",
              dimensions: { FunctionName: resources.functionName },
              stat: "Sum",
            },
          ]),
    ],
    control: { url: endpoints.control },
  };
  if (resources.stream === undefined) return resolved;
  return {
    ...resolved,
    sinks: [...resolved.sinks, ...stream.sinks],
    streamFailures: stream.streamFailures,
    metrics: [...resolved.metrics, ...stream.metrics],
  };
}
