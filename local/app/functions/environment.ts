// A function's environment as Lambda sets it, with the AWS SDK pointed at the local emulators, then the team's own.
import { dirname } from "node:path";
import { localCredentials } from "../../resources.ts";
import type { AppConfig, AppFunction } from "../config.ts";

export function functionEnvironment(config: AppConfig, fn: AppFunction, functionName: string): Record<string, string> {
  return {
    // Only PATH from the harness: the host's own credentials and profile never reach the handler.
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    TZ: ":UTC",
    AWS_REGION: config.region,
    AWS_DEFAULT_REGION: config.region,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    AWS_ENDPOINT_URL_SQS: config.endpoints.sqs,
    AWS_ENDPOINT_URL_DYNAMODB: config.endpoints.dynamodb,
    // The stream stand-in answers DynamoDB Streams on the DynamoDB endpoint (only there with a stream configured).
    ...(config.stream === undefined ? {} : { AWS_ENDPOINT_URL_DYNAMODB_STREAMS: config.endpoints.dynamodb }),
    AWS_ENDPOINT_URL_CLOUDWATCH: config.endpoints.cloudwatch,
    AWS_ENDPOINT_URL_EVENTBRIDGE: `http://127.0.0.1:${config.ports.events}`,
    ...(config.asyncFunction === undefined
      ? {}
      : { AWS_ENDPOINT_URL_LAMBDA: `http://127.0.0.1:${config.asyncFunction.port}` }),
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMB),
    AWS_EXECUTION_ENV: "AWS_Lambda_nodejs24.x",
    LAMBDA_TASK_ROOT: dirname(fn.file),
    ...fn.environment,
  };
}
