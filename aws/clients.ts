// Every AWS SDK v3 client is built here, from a target's region, profile and endpoints; nothing else constructs one.
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { FisClient } from "@aws-sdk/client-fis";
import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";

export type AwsService = "sqs" | "dynamodb" | "cloudwatch" | "events" | "fis" | "s3";

export interface AwsClientOptions {
  region: string;
  /** Named profile; otherwise the default provider chain (env, SSO, instance role...). */
  profile?: string | undefined;
  /** One endpoint for all services (AWS_ENDPOINT_URL style), or one per service (the local stack). */
  endpoint?: string | undefined;
  endpoints?: Partial<Record<AwsService, string>> | undefined;
  /** Only for emulators: fixed, non-secret credentials. Real targets never set this. */
  staticCredentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
  maxAttempts?: number | undefined;
  /** Sockets per client; load channels raise it. */
  maxSockets?: number | undefined;
  /** Bounds on every call: TCP connect, and silence on an open request (an endpoint that accepts and never answers). */
  connectTimeoutMs?: number | undefined;
  requestTimeoutMs?: number | undefined;
}

/** Above SQS's longest long poll (20 s), so a receive that waits is never cut; any other call answers far sooner. */
export const defaultRequestTimeoutMs = 30_000;
export const defaultConnectTimeoutMs = 5_000;

export interface AwsClients {
  sqs: SQSClient;
  dynamodb: DynamoDBClient;
  cloudwatch: CloudWatchClient;
  events: EventBridgeClient;
  fis: FisClient;
  s3: S3Client;
  destroy(): void;
}

export function clientConfig(options: AwsClientOptions, service: AwsService) {
  const endpoint = options.endpoints?.[service] ?? options.endpoint;
  return {
    region: options.region,
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(options.staticCredentials === undefined ? {} : { credentials: options.staticCredentials }),
    maxAttempts: options.maxAttempts ?? 3,
    requestHandler: {
      connectionTimeout: options.connectTimeoutMs ?? defaultConnectTimeoutMs,
      // The whole request and the socket's silence are both bounded; without throwOnRequestTimeout the SDK only warns.
      requestTimeout: options.requestTimeoutMs ?? defaultRequestTimeoutMs,
      socketTimeout: options.requestTimeoutMs ?? defaultRequestTimeoutMs,
      throwOnRequestTimeout: true,
      httpAgent: { keepAlive: true, maxSockets: options.maxSockets ?? 64 },
      httpsAgent: { keepAlive: true, maxSockets: options.maxSockets ?? 64 },
    },
  };
}

/** One DynamoDB client alone: what a sink-reading thread needs (it cannot share the main thread's). */
export function createDynamoDbClient(options: AwsClientOptions): DynamoDBClient {
  return new DynamoDBClient(clientConfig(options, "dynamodb"));
}

export function createAwsClients(options: AwsClientOptions): AwsClients {
  const clients = {
    sqs: new SQSClient(clientConfig(options, "sqs")),
    dynamodb: createDynamoDbClient(options),
    // moto mishandles gzip request bodies; compression buys nothing at our metric volumes on AWS either.
    cloudwatch: new CloudWatchClient({ ...clientConfig(options, "cloudwatch"), disableRequestCompression: true }),
    events: new EventBridgeClient(clientConfig(options, "events")),
    fis: new FisClient(clientConfig(options, "fis")),
    // Emulators and custom endpoints answer on one host: bucket in the path, not in a subdomain.
    s3: new S3Client({
      ...clientConfig(options, "s3"),
      forcePathStyle: (options.endpoints?.s3 ?? options.endpoint) !== undefined,
    }),
  };
  return {
    ...clients,
    destroy() {
      for (const client of Object.values(clients)) client.destroy();
    },
  };
}
