// An AWS target from config, resolved for one run: the SDK gets region, profile and endpoints, never a secret.
import { type AwsClientOptions, awsServices, type Env, endpointOverride } from "../aws/clients.ts";
import type { AwsTargetConfig } from "../config/schema-target.ts";
import type { ResolvedTarget } from "../contracts/target.ts";
import { stateMachineMetricQueries } from "../contracts/target-parts.ts";
import { asyncFunctionDlqs, asyncFunctionMetrics } from "./async-function-sources.ts";

export function resolveAwsTarget(name: string, target: AwsTargetConfig, env: Env): ResolvedTarget {
  const configured: AwsClientOptions = {
    region: target.region,
    endpoint: target.endpoint,
    endpoints: target.endpoints === undefined ? undefined : definedEntries(target.endpoints),
  };
  const endpoints = { ...fromEnvironment(configured, env), ...configured.endpoints };
  return {
    name,
    kind: "aws",
    environment: target.environment,
    maxRps: target.maxRps,
    aws: {
      region: target.region,
      profile: target.profile,
      endpoint: target.endpoint,
      ...(Object.keys(endpoints).length === 0 ? {} : { endpoints }),
    },
    ...(target.http === undefined ? {} : { http: target.http }),
    ...(target.events === undefined ? {} : { events: target.events }),
    ...(target.queues[0] === undefined ? {} : { sqs: { queueUrl: target.queues[0].queueUrl } }),
    ...(target.fis === undefined ? {} : { fis: target.fis }),
    ...(target.sfn === undefined ? {} : { sfn: target.sfn }),
    ...(target.saga === undefined ? {} : { saga: target.saga }),
    ...(target.asyncFunctions[0] === undefined
      ? {}
      : { lambda: { functionName: target.asyncFunctions[0].functionName } }),
    queues: target.queues,
    sinks: target.sinks,
    dlqs: [...target.dlqs, ...asyncFunctionDlqs(target.asyncFunctions)],
    metrics: [...withStateMachineMetrics(target), ...asyncFunctionMetrics(target.asyncFunctions)],
  };
}

/** With `sfn`, AWS/States' execution counts are collected too, unless the config already queries that namespace. */
function withStateMachineMetrics(target: AwsTargetConfig): AwsTargetConfig["metrics"] {
  if (target.sfn === undefined || target.metrics.some((m) => m.namespace === "AWS/States")) return target.metrics;
  return [...target.metrics, ...stateMachineMetricQueries(target.sfn.stateMachineArn)];
}

/**
 * The endpoints the environment gives the services the target names none for, by the clients' own rule
 * (AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL), recorded with the plan so a later `harness verify` goes where
 * the run went. Folding AWS_ENDPOINT_URL into the target's one `endpoint` put it above AWS_ENDPOINT_URL_<SERVICE>.
 */
function fromEnvironment(configured: AwsClientOptions, env: Env): Record<string, string> {
  const named = (service: (typeof awsServices)[number]) => configured.endpoints?.[service] ?? configured.endpoint;
  return Object.fromEntries(
    awsServices.flatMap((service) => {
      const endpoint = named(service) === undefined ? endpointOverride(configured, service, env) : undefined;
      return endpoint === undefined ? [] : [[service, endpoint]];
    }),
  );
}

/** The services that name an endpoint (an optional key may still be present as undefined). */
function definedEntries(endpoints: NonNullable<AwsTargetConfig["endpoints"]>): Record<string, string> {
  return Object.fromEntries(Object.entries(endpoints).filter((e): e is [string, string] => e[1] !== undefined));
}
