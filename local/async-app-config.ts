// The async function's part of the app config: its name and ARN, the Invoke API's port, its queues and handler.
import type { LocalTargetConfig } from "../config/schema-target.ts";
import type { AppAsyncFunction } from "./app/async/types.ts";
import { asyncTeamFunction } from "./functions.ts";
import { functionArn, localRegion, queueArn } from "./resources.ts";
import type { LocalResources } from "./state.ts";

export function asyncAppConfig(
  target: LocalTargetConfig,
  resources: LocalResources,
  port: number | undefined,
): AppAsyncFunction | undefined {
  const config = target.asyncFunction;
  const name = resources.asyncFunctionName;
  if (config === undefined || name === undefined || port === undefined) return undefined;
  const team = asyncTeamFunction(target);
  const queue = (url: string | undefined, arn: string | undefined) =>
    url === undefined ? undefined : { queueUrl: url, queueArn: arn ?? queueArn(url.slice(url.lastIndexOf("/") + 1)) };
  const destination = queue(resources.asyncDestinationUrl, resources.asyncDestinationArn);
  const dlq = queue(resources.asyncDlqUrl, resources.asyncDlqArn);
  return {
    functionName: name,
    functionArn: functionArn(name, localRegion),
    port,
    timeScale: config.timeScale,
    concurrency: config.concurrency,
    ruleTarget: config.ruleTarget,
    ...(destination === undefined ? {} : { destination }),
    ...(dlq === undefined ? {} : { dlq }),
    ...(team === undefined ? {} : { team }),
  };
}
