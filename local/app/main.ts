// The reference serverless app as one process: API Gateway, Lambda consumers, EventBridge, metrics, control endpoint.
// Usage: node local/app/main.ts <app.json>   (written by `harness local up`)
import { createServer, type RequestListener } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { DeleteMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { createAwsClients } from "../../aws/clients.ts";
import { localAccountId, localCredentials, ruleArn } from "../resources.ts";
import { type AppConfig, readAppConfig } from "./config.ts";
import { FunctionConcurrency } from "./consumer/concurrency.ts";
import { startEventSourceMapping } from "./consumer/event-source-mapping.ts";
import { controlHandler } from "./control-server.ts";
import { ControlState } from "./control-state.ts";
import { TargetDelivery } from "./eventbridge/delivery.ts";
import { eventBridgeHandler } from "./eventbridge/server.ts";
import { gatewayHandler } from "./gateway.ts";
import { createHandler } from "./handler.ts";
import { sendJson } from "./http.ts";
import { MetricsRegistry } from "./metrics.ts";
import { startMetricsPublisher } from "./metrics-publisher.ts";
import { dynamoSink } from "./sink.ts";
import { TokenBucket } from "./token-bucket.ts";

const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);

function serve(port: number, handler: RequestListener): Promise<void> {
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      log(`unhandled: ${String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { message: "Internal server error" });
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
}

async function start(config: AppConfig): Promise<void> {
  const aws = createAwsClients({
    region: config.region,
    staticCredentials: localCredentials,
    endpoints: config.endpoints,
    maxSockets: 256,
  });
  const state = new ControlState(config.faults, config.bugs);
  const metrics = new MetricsRegistry();
  const now = () => Date.now();
  const random = Math.random;

  const bucket = new TokenBucket(state.faults.gatewayRate, state.faults.gatewayBurst);
  // The PutEvents quota is per second with a one-second burst, like the account-level quota.
  const putQuota = new TokenBucket(state.faults.eventsPutRate, Math.max(1, state.faults.eventsPutRate));

  const queueUrlByArn = new Map([
    [config.ingest.queueArn, config.ingest.queueUrl],
    [config.events.queueArn, config.events.queueUrl],
  ]);
  const handler = createHandler({
    sink: dynamoSink(aws.dynamodb, config.table),
    faults: () => state.faults,
    bugs: () => state.bugs,
    harm: (mode, id) => state.harm(mode, id),
    ackNow: async (record) => {
      const QueueUrl = queueUrlByArn.get(record.eventSourceARN);
      await aws.sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: record.receiptHandle }));
    },
    random,
    now,
    sleep: (ms) => sleep(ms),
  });
  const concurrency = new FunctionConcurrency(() => state.faults.consumerMaxConcurrency);
  const mappings = [config.ingest, config.events].map((queue) =>
    startEventSourceMapping(
      { ...queue, region: config.region, ...config.consumers, functionName: config.functionName },
      { sqs: aws.sqs, handler, concurrency, metrics, log, now },
    ),
  );

  const { busName, ruleName } = config.events;
  const delivery = new TargetDelivery({
    ruleName,
    ruleArn: ruleArn(busName, ruleName, config.region),
    targetArn: config.events.queueArn,
    send: async (body) => {
      await aws.sqs.send(new SendMessageCommand({ QueueUrl: config.events.queueUrl, MessageBody: body }));
    },
    sendToDlq: async (body, attributes) => {
      await aws.sqs.send(
        new SendMessageCommand({
          QueueUrl: config.events.targetDlqUrl,
          MessageBody: body,
          MessageAttributes: Object.fromEntries(
            Object.entries(attributes).map(([k, v]) => [k, { DataType: "String", StringValue: v }]),
          ),
        }),
      );
    },
    policy: () => ({
      maximumRetryAttempts: state.faults.eventsMaxRetryAttempts,
      maximumEventAgeSeconds: state.faults.eventsMaxEventAgeSeconds,
      baseDelayMs: state.faults.eventsBackoffBaseMs,
      maxDelayMs: Math.max(state.faults.eventsBackoffBaseMs, 60_000),
    }),
    failureRate: () => state.faults.eventsTargetFailureRate,
    maxInFlight: 64,
    metrics,
    random,
    now,
    schedule: (fn, ms) => void setTimeout(fn, ms),
    log,
  });

  await Promise.all([
    serve(
      config.ports.gateway,
      gatewayHandler({
        sqs: aws.sqs,
        queueUrl: config.ingest.queueUrl,
        apiName: config.apiName,
        bucket,
        faults: () => state.faults,
        metrics,
        now: () => performance.now(),
        sleep: (ms) => sleep(ms),
      }),
    ),
    serve(
      config.ports.events,
      eventBridgeHandler({
        context: {
          buses: new Set(["default", busName]),
          rules: [
            {
              name: ruleName,
              busName,
              pattern: { source: [config.events.source], "detail-type": [config.events.detailType] },
            },
          ],
          account: localAccountId,
          region: config.region,
          takeQuota: () => putQuota.take(),
          newId: () => crypto.randomUUID(),
          now: () => new Date(),
        },
        targets: new Map([[ruleName, delivery]]),
        metrics,
        busArn: (name) => `arn:aws:events:${config.region}:${localAccountId}:event-bus/${name}`,
      }),
    ),
  ]);
  const publisher = startMetricsPublisher(aws.cloudwatch, metrics, config.metricsIntervalMs, log);
  // The control endpoint answers last: its /health is the readiness probe, so "ready" means every part is.
  await serve(
    config.ports.control,
    controlHandler({
      state,
      stats: () => ({
        ...metrics.stats(),
        "local:EventDeliveriesPending": delivery.pending,
        "local:ConcurrentExecutions": concurrency.current,
      }),
      onChange: () => {
        bucket.configure(state.faults.gatewayRate, state.faults.gatewayBurst);
        putQuota.configure(state.faults.eventsPutRate, Math.max(1, state.faults.eventsPutRate));
      },
    }),
  );
  log(`ready: gateway :${config.ports.gateway}, events :${config.ports.events}, control :${config.ports.control}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping pollers, flushing metrics`);
    await Promise.race([Promise.all(mappings.map((m) => m.stop())), sleep(2_000)]);
    await Promise.race([publisher.stop(), sleep(2_000)]);
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

const file = process.argv[2];
if (file === undefined) {
  log("usage: node local/app/main.ts <app.json>");
  process.exit(4);
}
start(readAppConfig(file)).catch((error: unknown) => {
  log(`failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
