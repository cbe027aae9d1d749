// The DynamoDB Streams client, built from a target's options like every other client (aws/clients.ts): its endpoint
// is `endpoints.dynamodbstreams`, else AWS_ENDPOINT_URL_DYNAMODB_STREAMS, else the target's or AWS_ENDPOINT_URL.
import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import { envValue } from "../common/cli-context.ts";
import { type AwsClientOptions, clientConfig, type Env } from "./clients.ts";

export function streamsEndpoint(options: AwsClientOptions, env: Env = process.env): string | undefined {
  const endpoints = options.endpoints as Record<string, string | undefined> | undefined;
  return (
    endpoints?.dynamodbstreams ??
    envValue(env, "AWS_ENDPOINT_URL_DYNAMODB_STREAMS") ??
    options.endpoint ??
    envValue(env, "AWS_ENDPOINT_URL")
  );
}

export function createDynamoDbStreamsClient(options: AwsClientOptions, env: Env = process.env): DynamoDBStreamsClient {
  const { endpoint: _, ...config } = clientConfig({ ...options, endpoints: {}, endpoint: undefined }, "dynamodb", {});
  const endpoint = streamsEndpoint(options, env);
  return new DynamoDBStreamsClient({ ...config, ...(endpoint === undefined ? {} : { endpoint }) });
}
