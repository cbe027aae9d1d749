// An AWS target from config, resolved for one run: the SDK gets region, profile and endpoints, never a secret.
import type { AwsTargetConfig } from "../config/schema-target.ts";
import type { ResolvedTarget } from "../contracts/target.ts";

export function resolveAwsTarget(
  name: string,
  target: AwsTargetConfig,
  env: Readonly<Record<string, string | undefined>>,
): ResolvedTarget {
  const endpoint = target.endpoint ?? (env.AWS_ENDPOINT_URL === "" ? undefined : env.AWS_ENDPOINT_URL);
  return {
    name,
    kind: "aws",
    environment: target.environment,
    maxRps: target.maxRps,
    aws: {
      region: target.region,
      profile: target.profile,
      endpoint,
      ...(target.endpoints === undefined ? {} : { endpoints: definedEntries(target.endpoints) }),
    },
    ...(target.http === undefined ? {} : { http: target.http }),
    ...(target.events === undefined ? {} : { events: target.events }),
    ...(target.queues[0] === undefined ? {} : { sqs: { queueUrl: target.queues[0].queueUrl } }),
    ...(target.fis === undefined ? {} : { fis: target.fis }),
    queues: target.queues,
    sinks: target.sinks,
    dlqs: target.dlqs,
    metrics: target.metrics,
  };
}

/** The services that name an endpoint (an optional key may still be present as undefined). */
function definedEntries(endpoints: NonNullable<AwsTargetConfig["endpoints"]>): Record<string, string> {
  return Object.fromEntries(Object.entries(endpoints).filter((e): e is [string, string] => e[1] !== undefined));
}
