// Starts the asynchronously invoked function in the lambda process: the function (the team's in its workers, or the
// reference one), Lambda's internal queue in front of it, and the Invoke API the AWS SDK talks to.
import { randomUUID } from "node:crypto";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import type { AwsClients } from "../../../aws/clients.ts";
import type { AppConfig } from "../config.ts";
import type { ControlState } from "../control-state.ts";
import { teamWorkerPool } from "../functions/team-pool.ts";
import type { InvokeOutcome } from "../functions/worker-pool.ts";
import type { MetricsRegistry } from "../metrics.ts";
import { log, serve } from "../process.ts";
import { dynamoSink } from "../sink.ts";
import { InternalQueue } from "./internal-queue.ts";
import { invokeApiHandler } from "./invoke-api.ts";
import { referenceAsyncFunction } from "./reference-function.ts";
import type { AppAsyncFunction } from "./types.ts";

export interface RunningAsyncFunction {
  readonly pending: number;
  stats(): Record<string, number>;
  stop(): void;
}

function referenceInvoker(config: AppConfig, aws: AwsClients) {
  const fn = referenceAsyncFunction({ sink: dynamoSink(aws.dynamodb, config.table), now: Date.now });
  return async (event: unknown, requestId: string): Promise<InvokeOutcome> => {
    try {
      await fn(event);
      return { ok: true, value: null, requestId };
    } catch (error) {
      const e = error as Error;
      return { ok: false, requestId, errorType: e.name ?? "Error", errorMessage: e.message ?? String(error) };
    }
  };
}

export async function startAsyncFunction(
  config: AppConfig,
  spec: AppAsyncFunction,
  deps: { aws: AwsClients; state: ControlState; metrics: MetricsRegistry },
): Promise<RunningAsyncFunction> {
  const { aws, state, metrics } = deps;
  const team = spec.team;
  const pool = team === undefined ? undefined : teamWorkerPool(config, team, spec.functionName, metrics);
  const invoke = pool === undefined ? referenceInvoker(config, aws) : (event: unknown) => pool.invoke(event);
  const sendTo =
    (queueUrl: string) =>
    async (body: string, attributes: Record<string, string> = {}) => {
      await aws.sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: body,
          ...(Object.keys(attributes).length === 0
            ? {}
            : {
                MessageAttributes: Object.fromEntries(
                  Object.entries(attributes).map(([k, v]) => [k, { DataType: "String", StringValue: v }]),
                ),
              }),
        }),
      );
    };
  const concurrency = team?.reservedConcurrency ?? spec.concurrency;
  const queue = new InternalQueue({
    functionName: spec.functionName,
    functionArn: spec.functionArn,
    invoke,
    sendToDestination: spec.destination === undefined ? undefined : sendTo(spec.destination.queueUrl),
    sendToDlq: spec.dlq === undefined ? undefined : sendTo(spec.dlq.queueUrl),
    policy: () => ({
      maximumRetryAttempts: state.faults.asyncMaxRetryAttempts,
      maximumEventAgeSeconds: state.faults.asyncMaxEventAgeSeconds,
    }),
    faults: () => ({
      errorRate: state.faults.asyncErrorRate,
      maxConcurrency: state.faults.asyncMaxConcurrency,
      retryDrop: state.bugs.asyncRetryDrop,
    }),
    harm: (id) => state.harm("asyncRetryDrop", id),
    timeScale: spec.timeScale,
    concurrency,
    metrics,
    random: Math.random,
    now: Date.now,
    schedule: (fn, ms) => void setTimeout(fn, ms),
    log,
  });
  await serve(
    spec.port,
    invokeApiHandler({
      functionName: spec.functionName,
      accept: (requestId, text, payload) => queue.accept(requestId, text, payload),
      invokeNow: (payload, requestId) => invoke(payload, requestId),
      newId: randomUUID,
    }),
  );
  log(
    `lambda: ${spec.functionName} behind the Invoke API :${spec.port} (${team === undefined ? "reference function" : `the team's ${team.exportName} from ${team.file}`}, time scale ${spec.timeScale})`,
  );
  return {
    get pending() {
      return queue.pending;
    },
    stats: () => ({
      "local:AsyncPending": queue.pending,
      ...(pool === undefined ? {} : { "local:AsyncWorkers": pool.size }),
    }),
    stop: () => pool?.stop(),
  };
}
