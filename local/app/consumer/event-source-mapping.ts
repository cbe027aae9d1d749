// Lambda's SQS event source mapping: pollers long-poll a queue, invoke the handler with a batch, delete what succeeded.
// A throttled invoke is retried with backoff while the batch's visibility timeout leaves room for it; past that the
// batch is left alone: the messages come back with a higher receive count, which is how a spike over a low
// concurrency limit ends in the DLQ.
import type { Message } from "@aws-sdk/client-sqs";
import type { SQSBatchResponse, SQSEvent, SQSMessageAttribute, SQSRecord } from "../lambda-types.ts";
import type { MetricsRegistry } from "../metrics.ts";
import type { SqsJsonClient } from "../sqs-json.ts";
import type { FunctionConcurrency } from "./concurrency.ts";
import { throttleRetryDelayMs } from "./throttle-retry.ts";

/** Pollers a mapping starts with, as Lambda does for a standard queue. */
const initialPollers = 5;
/** At most one poller added per this interval while the backlog lasts. */
const scaleUpEveryMs = 200;

export interface EventSourceMappingOptions {
  queueUrl: string;
  queueArn: string;
  region: string;
  batchSize: number;
  /** ESM maximum concurrency: pollers, each with at most one batch in flight, scaled up to this with the backlog. */
  maxConcurrency: number;
  functionName: string;
  /** The queue's visibility timeout: throttled invokes are retried only within it. */
  visibilityTimeoutSeconds: number;
}

export interface EventSourceMappingDeps {
  sqs: SqsJsonClient;
  handler: (event: SQSEvent) => Promise<SQSBatchResponse>;
  concurrency: FunctionConcurrency;
  metrics: MetricsRegistry;
  log: (line: string) => void;
  now: () => number;
  /** The mapping's MaximumBatchingWindow, in ms (0, AWS's default for standard queues, invokes with what one poll got). */
  batchWindowMs: () => number;
}

export interface RunningMapping {
  /** Pollers running now. */
  readonly pollers: number;
  stop(): Promise<void>;
}

export function toRecord(message: Message, queueArn: string, region: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  const messageAttributes: Record<string, SQSMessageAttribute> = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    messageAttributes[name] = { stringValue: value.StringValue, dataType: value.DataType ?? "String" };
  }
  return {
    messageId: message.MessageId ?? "",
    receiptHandle: message.ReceiptHandle ?? "",
    body: message.Body ?? "",
    attributes: {
      ...attributes,
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? "1",
      SentTimestamp: attributes.SentTimestamp ?? "0",
      SenderId: attributes.SenderId ?? "",
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? "0",
    },
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? "",
    eventSource: "aws:sqs",
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

/** Which records to delete: all but the reported failures; an unknown identifier fails the whole batch (as Lambda does). */
export function recordsToDelete(records: readonly SQSRecord[], response: SQSBatchResponse | undefined): SQSRecord[] {
  const failures = response?.batchItemFailures ?? [];
  const ids = new Set(records.map((r) => r.messageId));
  if (failures.some((f) => typeof f.itemIdentifier !== "string" || !ids.has(f.itemIdentifier))) return [];
  const failed = new Set(failures.map((f) => f.itemIdentifier));
  return records.filter((r) => !failed.has(r.messageId));
}

export function startEventSourceMapping(
  options: EventSourceMappingOptions,
  deps: EventSourceMappingDeps,
): RunningMapping {
  const abort = new AbortController();
  const dims = { FunctionName: options.functionName };
  const { metrics } = deps;

  const receive = async (max: number, waitSeconds: number): Promise<Message[]> => {
    const received = await deps.sqs.call<{ Messages?: Message[] }>(
      "ReceiveMessage",
      {
        QueueUrl: options.queueUrl,
        MaxNumberOfMessages: max,
        WaitTimeSeconds: waitSeconds,
        MessageSystemAttributeNames: ["All"],
        MessageAttributeNames: ["All"],
      },
      abort.signal,
    );
    return received.Messages ?? [];
  };

  /** Takes a concurrency slot, retrying a throttled invoke with backoff while the batch's visibility allows. */
  const acquire = async (receivedAt: number, records: number): Promise<boolean> => {
    for (let attempt = 0; ; attempt++) {
      if (deps.concurrency.tryAcquire()) return true;
      metrics.count("AWS/Lambda", "Throttles", dims);
      const delay = throttleRetryDelayMs(attempt, deps.now() - receivedAt, options.visibilityTimeoutSeconds * 1000);
      if (delay === undefined || abort.signal.aborted) {
        metrics.tally("local:RecordsThrottled", records);
        return false;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  };

  /** Polls and invokes once; how many messages the poll received. */
  const pollOnce = async (): Promise<number> => {
    const messages = await receive(options.batchSize, 20);
    if (messages.length === 0) return 0;
    const receivedAt = deps.now();
    // MaximumBatchingWindowInSeconds: keep gathering until the batch is full or the window closes.
    const windowEnds = deps.now() + deps.batchWindowMs();
    while (messages.length < options.batchSize && deps.now() < windowEnds) {
      const more = await receive(options.batchSize - messages.length, 0);
      messages.push(...more);
      if (more.length === 0) await new Promise((resolve) => setTimeout(resolve, Math.min(20, windowEnds - deps.now())));
    }
    // Given up: the batch returns after its visibility timeout, with a higher receive count.
    if (!(await acquire(receivedAt, messages.length))) return messages.length;
    const records = messages.map((m) => toRecord(m, options.queueArn, options.region));
    const started = deps.now();
    metrics.peak("AWS/Lambda", "ConcurrentExecutions", dims, deps.concurrency.current);
    let response: SQSBatchResponse | undefined;
    let failed = false;
    try {
      response = await deps.handler({ Records: records });
    } catch (error) {
      failed = true;
      deps.log(`invocation failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      deps.concurrency.release();
    }
    metrics.count("AWS/Lambda", "Invocations", dims);
    metrics.timing("AWS/Lambda", "Duration", dims, deps.now() - started);
    metrics.tally("local:RecordsReceived", records.length);
    if (failed) {
      metrics.count("AWS/Lambda", "Errors", dims);
      metrics.tally("local:RecordsFailed", records.length);
      return records.length;
    }
    const toDelete = recordsToDelete(records, response);
    metrics.tally("local:RecordsFailed", records.length - toDelete.length);
    if (toDelete.length === 0) return records.length;
    await deps.sqs.call("DeleteMessageBatch", {
      QueueUrl: options.queueUrl,
      Entries: toDelete.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
    });
    return records.length;
  };

  // Poller scaling as Lambda does it: start with a few, add one while polls come back full (a backlog), at a bounded
  // pace, up to the maximum concurrency; retire one when a long poll comes back empty, down to the starting few.
  const startPollers = Math.min(options.maxConcurrency, initialPollers);
  const pollers: Array<Promise<void>> = [];
  let active = 0;
  let lastScaleUp = Number.NEGATIVE_INFINITY;
  const scale = (received: number): boolean => {
    if (
      received >= options.batchSize &&
      active < options.maxConcurrency &&
      deps.now() - lastScaleUp >= scaleUpEveryMs
    ) {
      lastScaleUp = deps.now();
      spawn();
    } else if (received === 0 && active > startPollers) {
      active -= 1;
      return false;
    }
    return true;
  };

  const poller = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      try {
        if (!scale(await pollOnce())) return;
      } catch (error) {
        if (abort.signal.aborted) return;
        deps.log(`poller: ${error instanceof Error ? error.message : String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  };

  function spawn(): void {
    active += 1;
    pollers.push(poller());
  }
  for (let i = 0; i < startPollers; i++) spawn();
  return {
    get pollers() {
      return active;
    },
    async stop() {
      abort.abort();
      await Promise.allSettled(pollers);
    },
  };
}
