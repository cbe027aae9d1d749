// The queues of the asynchronously invoked function (config `asyncFunction`): its on-failure destination and its DLQ.
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { LocalTargetConfig } from "../config/schema-target.ts";
import { createQueue } from "./create-queue.ts";
import { resourceNames } from "./resources.ts";
import type { LocalResources } from "./state.ts";

type AsyncResources = Pick<
  LocalResources,
  "asyncFunctionName" | "asyncDestinationUrl" | "asyncDestinationArn" | "asyncDlqUrl" | "asyncDlqArn"
>;

export async function provisionAsync(sqs: SQSClient, target: LocalTargetConfig): Promise<AsyncResources> {
  const config = target.asyncFunction;
  if (config === undefined) return {};
  const retention = { MessageRetentionPeriod: "1209600" };
  const [destination, dlq] = await Promise.all([
    config.destination ? createQueue(sqs, resourceNames.asyncDestination, retention) : undefined,
    config.dlq ? createQueue(sqs, resourceNames.asyncDlq, retention) : undefined,
  ]);
  return {
    asyncFunctionName: resourceNames.asyncFunction,
    ...(destination === undefined
      ? {}
      : { asyncDestinationUrl: destination.url, asyncDestinationArn: destination.arn }),
    ...(dlq === undefined ? {} : { asyncDlqUrl: dlq.url, asyncDlqArn: dlq.arn }),
  };
}
