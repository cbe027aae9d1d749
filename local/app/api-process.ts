// The api process: the API Gateway stand-in, the EventBridge stand-in, and the public control endpoint.
import { setTimeout as sleep } from "node:timers/promises";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { eventDeliveriesPending } from "../control-client.ts";
import { localAccountId, ruleArn } from "../resources.ts";
import { asyncInvoker } from "./async/event-target.ts";
import { gatewayAuth } from "./auth/check.ts";
import type { AppConfig } from "./config.ts";
import { controlHandler } from "./control-server.ts";
import { ControlState } from "./control-state.ts";
import { TargetDelivery } from "./eventbridge/delivery.ts";
import { eventBridgeHandler } from "./eventbridge/server.ts";
import { gatewayHandler } from "./gateway.ts";
import { MetricsRegistry } from "./metrics.ts";
import { appAwsClients, appSqsJson, log, runUntilSignal, serve } from "./process.ts";
import { sfnApiHandler, startSaga } from "./saga/index.ts";
import { SendBatcher, type SendBatchOutput } from "./send-batcher.ts";
import { TokenBucket } from "./token-bucket.ts";

export async function startApi(config: AppConfig): Promise<void> {
  const aws = appAwsClients(config);
  const state = new ControlState(config.faults, config.bugs, { teamConsumer: config.consumerFunction !== undefined });
  const metrics = new MetricsRegistry();
  const now = () => Date.now();
  const random = Math.random;
  const bucket = new TokenBucket(state.faults.gatewayRate, state.faults.gatewayBurst);
  // The PutEvents quota is per second with a one-second burst, like the account-level quota.
  const putQuota = new TokenBucket(state.faults.eventsPutRate, Math.max(1, state.faults.eventsPutRate));

  const { busName, ruleName } = config.events;
  // With asyncFunction.ruleTarget the rule's target is the function, invoked asynchronously as EventBridge does.
  const functionTarget = config.asyncFunction?.ruleTarget === true ? config.asyncFunction : undefined;
  const delivery = new TargetDelivery({
    ruleName,
    ruleArn: ruleArn(busName, ruleName, config.region),
    targetArn: functionTarget?.functionArn ?? config.events.queueArn,
    send:
      functionTarget === undefined
        ? async (body) => {
            await aws.sqs.send(new SendMessageCommand({ QueueUrl: config.events.queueUrl, MessageBody: body }));
          }
        : asyncInvoker(functionTarget),
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

  // Opt-in (`saga` on the local target): without it nothing below starts and the gateway has no `/saga` route.
  const saga =
    config.saga === undefined
      ? undefined
      : startSaga(config.saga, { dynamodb: aws.dynamodb, sinkTable: config.table, state, metrics });

  const sqsJson = appSqsJson(config);
  const ingest = new SendBatcher({
    sendBatch: (Entries) =>
      sqsJson.call<SendBatchOutput>("SendMessageBatch", { QueueUrl: config.ingest.queueUrl, Entries }),
    windowMs: () => state.faults.gatewayBatchWindowMs,
  });

  await Promise.all([
    serve(
      config.ports.gateway,
      gatewayHandler({
        send: (entry) => ingest.send(entry),
        apiName: config.apiName,
        bucket,
        faults: () => state.faults,
        metrics,
        now: () => performance.now(),
        sleep: (ms) => sleep(ms),
        // Without gateway.auth the gateway's path stays as it was: no check, no token endpoint.
        ...(config.gatewayAuth === undefined || config.gatewayAuth.mode === "none"
          ? {}
          : { auth: gatewayAuth(config.gatewayAuth) }),
        ...(saga === undefined ? {} : { startExecution: saga.gatewayStart }),
      }),
    ),
    ...(config.saga === undefined || saga === undefined ? [] : [serve(config.saga.port, sfnApiHandler(saga.api))]),
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
  // The control endpoint answers last: its /health is the readiness probe, so "ready" means every part is.
  await serve(
    config.ports.control,
    controlHandler({
      state,
      // Saga executions still running are held outside any queue, like the event retries: the drain waits for both.
      stats: () => ({ ...metrics.stats(), [eventDeliveriesPending]: delivery.pending + (saga?.running() ?? 0) }),
      onChange: () => {
        bucket.configure(state.faults.gatewayRate, state.faults.gatewayBurst);
        putQuota.configure(state.faults.eventsPutRate, Math.max(1, state.faults.eventsPutRate));
      },
      peers: [`http://127.0.0.1:${config.ports.lambdaControl}`],
    }),
  );
  runUntilSignal(aws, metrics, config.metricsIntervalMs, async () => undefined);
  log(`api ready: gateway :${config.ports.gateway}, events :${config.ports.events}, control :${config.ports.control}`);
}
