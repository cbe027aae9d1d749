// The lambda channel's sender with its SDK client, built from the target's AWS options as every client is (no SDK
// retries: the ledger records what Lambda answered to the call we planned).
import { LambdaClient } from "@aws-sdk/client-lambda";
import { type AwsClientOptions, clientConfig } from "../../../aws/clients.ts";
import type { ChannelSender, MessageEvents } from "../message.ts";
import { lambdaChannel } from "./lambda.ts";

export function lambdaSender(
  aws: AwsClientOptions,
  functionName: string,
  options: { now: () => number; events: MessageEvents; connections: number },
): ChannelSender {
  const client = new LambdaClient(
    clientConfig({ ...aws, maxAttempts: 1, maxSockets: Math.max(64, Math.min(options.connections, 1024)) }, "lambda"),
  );
  return lambdaChannel(client, functionName, options);
}
