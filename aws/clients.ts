// Every AWS SDK v3 client is built here, from a target's region, profile and endpoints; nothing else constructs one.
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { FisClient } from "@aws-sdk/client-fis";
import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import { envValue } from "../common/cli-context.ts";
import { sdkAgents } from "./proxy-agents.ts";

export type AwsService =
  | "sqs"
  | "dynamodb"
  | "dynamodbstreams"
  | "cloudwatch"
  | "events"
  | "fis"
  | "s3"
  | "sfn"
  | "lambda";

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

export function clientConfig(options: AwsClientOptions, service: AwsService, env: Env = process.env) {
  // Resolved here, not left to the SDK, so the endpoint is explicit: SQS then never follows a QueueUrl's own host.
  const endpoint = endpointOverride(options, service, env);
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
      // Through HTTPS_PROXY / HTTP_PROXY unless NO_PROXY or loopback says otherwise, as the engine's HTTP channel.
      ...sdkAgents({ keepAlive: true, maxSockets: options.maxSockets ?? 64 }, env),
    },
  };
}

export type Env = Readonly<Record<string, string | undefined>>;

const envName: Record<AwsService, string> = {
  sqs: "SQS",
  dynamodb: "DYNAMODB",
  dynamodbstreams: "DYNAMODB_STREAMS",
  cloudwatch: "CLOUDWATCH",
  events: "EVENTBRIDGE",
  fis: "FIS",
  s3: "S3",
  sfn: "SFN",
  lambda: "LAMBDA",
};

export const awsServices = Object.keys(envName) as AwsService[];

/** The target's endpoint for a service, else the SDK's AWS_ENDPOINT_URL_<SERVICE> or AWS_ENDPOINT_URL; none: AWS. */
export function endpointOverride(options: AwsClientOptions, service: AwsService, env: Env): string | undefined {
  const configured = options.endpoints?.[service] ?? options.endpoint;
  return configured ?? envValue(env, `AWS_ENDPOINT_URL_${envName[service]}`) ?? envValue(env, "AWS_ENDPOINT_URL");
}

/** Where a service's calls go, for messages. */
export function endpointOf(options: AwsClientOptions, service: AwsService, env: Env = process.env): string {
  return endpointOverride(options, service, env) ?? `AWS ${options.region}`;
}

/**
 * Every failed call names its service, operation and endpoint (`SQS GetQueueAttributes at http://127.0.0.1:4566: ...`):
 * an endpoint pointed at the wrong service answers "UnknownOperationException: UnknownError", which says neither.
 * The error keeps its class and name, so code that tells errors apart by name still can.
 */
/** The part of a client's middleware stack used here (the SDK's own types live in a package we do not depend on). */
interface NamingStack {
  add(
    middleware: (
      next: (args: unknown) => Promise<unknown>,
      context: { commandName?: string },
    ) => (args: unknown) => Promise<unknown>,
    options: { step: "initialize"; name: string; override: boolean },
  ): void;
}

function nameCalls<C extends { middlewareStack: object }>(client: C, service: string, where: string): C {
  const stack = client.middlewareStack as NamingStack;
  stack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (error instanceof Error && !named.has(error)) {
          named.add(error);
          error.message = `${service} ${context.commandName?.replace(/Command$/, "") ?? "call"} at ${where}: ${error.message}`;
        }
        throw error;
      }
    },
    { step: "initialize", name: "harnessNameCalls", override: true },
  );
  return client;
}

const named = new WeakSet<Error>();

/** One DynamoDB client alone: what a sink-reading thread needs (it cannot share the main thread's). */
export function createDynamoDbClient(options: AwsClientOptions, env: Env = process.env): DynamoDBClient {
  return nameCalls(
    new DynamoDBClient(clientConfig(options, "dynamodb", env)),
    "DynamoDB",
    endpointOf(options, "dynamodb", env),
  );
}

/**
 * Step Functions alone (the sfn channel): only runs that use it load its SDK (`sdk`, imported by the caller), so it is
 * not one of createAwsClients' clients.
 */
export function createSfnClient(
  sdk: Pick<typeof import("@aws-sdk/client-sfn"), "SFNClient">,
  options: AwsClientOptions,
  env: Env = process.env,
) {
  return nameCalls(
    new sdk.SFNClient(clientConfig(options, "sfn", env)),
    "Step Functions",
    endpointOf(options, "sfn", env),
  );
}

export function createAwsClients(options: AwsClientOptions, env: Env = process.env): AwsClients {
  const at = (service: AwsService) => endpointOf(options, service, env);
  const clients = {
    sqs: nameCalls(new SQSClient(clientConfig(options, "sqs", env)), "SQS", at("sqs")),
    dynamodb: createDynamoDbClient(options, env),
    // moto mishandles gzip request bodies; compression buys nothing at our metric volumes on AWS either.
    cloudwatch: nameCalls(
      new CloudWatchClient({ ...clientConfig(options, "cloudwatch", env), disableRequestCompression: true }),
      "CloudWatch",
      at("cloudwatch"),
    ),
    events: nameCalls(new EventBridgeClient(clientConfig(options, "events", env)), "EventBridge", at("events")),
    fis: nameCalls(new FisClient(clientConfig(options, "fis", env)), "FIS", at("fis")),
    // Emulators and custom endpoints answer on one host: bucket in the path, not in a subdomain.
    s3: nameCalls(
      new S3Client({
        ...clientConfig(options, "s3", env),
        forcePathStyle: endpointOverride(options, "s3", env) !== undefined,
      }),
      "S3",
      at("s3"),
    ),
  };
  return {
    ...clients,
    destroy() {
      for (const client of Object.values(clients)) client.destroy();
    },
  };
}
