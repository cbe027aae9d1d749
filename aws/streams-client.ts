// The DynamoDB Streams client, built like every other client (aws/clients.ts: the same timeouts and proxy rule): its
// endpoint is `endpoints.dynamodbstreams`, else the target's `endpoint`, else AWS_ENDPOINT_URL_DYNAMODB_STREAMS, else
// AWS_ENDPOINT_URL.
import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import { type AwsClientOptions, clientConfig, type Env } from "./clients.ts";

export function createDynamoDbStreamsClient(options: AwsClientOptions, env: Env = process.env): DynamoDBStreamsClient {
  return new DynamoDBStreamsClient(clientConfig(options, "dynamodbstreams", env));
}
