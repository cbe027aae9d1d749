// Lambda's internal queue for asynchronous invocations: accepted events wait here, are invoked up to the function's
// concurrency, retried on a function error (MaximumRetryAttempts, 1 then 2 minutes apart), requeued with backoff when
// throttled, and on failure for good (retries exhausted, or older than MaximumEventAgeInSeconds) sent to the
// on-failure destination and the DLQ. Publishes AsyncEventsReceived, AsyncEventAge, AsyncEventsDropped and
// DestinationDeliveryFailures as AWS/Lambda does.
import type { InvokeOutcome } from "../functions/worker-pool.ts";
import type { MetricsRegistry } from "../metrics.ts";
import { errorRetryDelayMs, throttleDelayMs, tooOld } from "./backoff.ts";
import { destinationRecord, dlqAttributes, type FailureCondition, type LastError } from "./destination.ts";

export interface AsyncPolicy {
  maximumRetryAttempts: number;
  maximumEventAgeSeconds: number;
}

export interface AsyncFaults {
  /** Share of invocations that fail before the handler runs (a function error). */
  errorRate: number;
  /** The function's concurrency limit; 0: none below the queue's own concurrency. */
  maxConcurrency: number;
  /** Bug mode: share of due retries silently dropped. */
  retryDrop: number;
}

export interface InternalQueueDeps {
  functionName: string;
  functionArn: string;
  /** Runs the function once; an error, a timeout or a dead runtime is an outcome, never a rejection. */
  invoke: (event: unknown, requestId: string) => Promise<InvokeOutcome>;
  /** SendMessage of an invocation record to the on-failure destination; absent: none configured. */
  sendToDestination?: ((body: string) => Promise<void>) | undefined;
  /** SendMessage of the original event to the DLQ with Lambda's attributes; absent: none configured. */
  sendToDlq?: ((body: string, attributes: Record<string, string>) => Promise<void>) | undefined;
  policy: () => AsyncPolicy;
  faults: () => AsyncFaults;
  /** The retry-drop bug harmed this message ID. */
  harm: (id: string) => void;
  timeScale: number;
  concurrency: number;
  metrics: MetricsRegistry;
  random: () => number;
  now: () => number;
  schedule: (fn: () => void, ms: number) => void;
  log: (line: string) => void;
}

interface QueuedEvent {
  requestId: string;
  text: string;
  payload: unknown;
  receivedAt: number;
  invokeCount: number;
  errorRetries: number;
  throttles: number;
  /** False while every failed invocation failed before the handler ran (so nothing of it can have been written). */
  handlerRan: boolean;
  lastError?: LastError;
}

/** The message ID an event carries: a payload's `id`, or an EventBridge event's `detail.id`. */
export function messageIdOfEvent(payload: unknown): string | undefined {
  const p = payload as { id?: unknown; detail?: { id?: unknown } | null } | null;
  const id = typeof p?.detail === "object" && p.detail !== null ? p.detail.id : p?.id;
  return typeof id === "string" ? id : undefined;
}

export class InternalQueue {
  private readonly deps: InternalQueueDeps;
  private readonly dims: Record<string, string>;
  /** Events due for an invocation, oldest first from `head` (an index, so a deep queue is not shifted per event). */
  private ready: QueuedEvent[] = [];
  private head = 0;
  private running = 0;
  private executing = 0;
  private waiting = 0;

  constructor(deps: InternalQueueDeps) {
    this.deps = deps;
    this.dims = { FunctionName: deps.functionName };
  }

  /** Events accepted and not yet done with: queued, being invoked, or waiting for a retry. */
  get pending(): number {
    return this.ready.length - this.head + this.running + this.waiting;
  }

  /** Queues one event (already parsed as JSON) for asynchronous invocation: Invoke's 202. */
  accept(requestId: string, text: string, payload: unknown): void {
    this.deps.metrics.count("AWS/Lambda", "AsyncEventsReceived", this.dims);
    this.ready.push({
      requestId,
      text,
      payload,
      receivedAt: this.deps.now(),
      invokeCount: 0,
      errorRetries: 0,
      throttles: 0,
      handlerRan: false,
    });
    this.pump();
  }

  private pump(): void {
    while (this.running < this.deps.concurrency && this.head < this.ready.length) {
      const event = this.ready[this.head] as QueuedEvent;
      this.head += 1;
      if (this.head === this.ready.length) {
        this.ready = [];
        this.head = 0;
      } else if (this.head >= 1024 && this.head * 2 >= this.ready.length) {
        this.ready = this.ready.slice(this.head);
        this.head = 0;
      }
      this.running += 1;
      void this.attempt(event).finally(() => {
        this.running -= 1;
        this.pump();
      });
    }
  }

  private later(event: QueuedEvent, ms: number): void {
    this.waiting += 1;
    this.deps.schedule(() => {
      this.waiting -= 1;
      this.ready.push(event);
      this.pump();
    }, ms);
  }

  private async attempt(event: QueuedEvent): Promise<void> {
    const { deps } = this;
    const age = deps.now() - event.receivedAt;
    if (tooOld(age, deps.policy().maximumEventAgeSeconds, deps.timeScale))
      return this.failForGood(event, "EventAgeExceeded");
    const { errorRate, maxConcurrency } = deps.faults();
    if (maxConcurrency > 0 && this.executing >= maxConcurrency) {
      // A throttled event goes back to the queue; throttles do not count against MaximumRetryAttempts.
      deps.metrics.count("AWS/Lambda", "Throttles", this.dims);
      event.throttles += 1;
      return this.later(event, throttleDelayMs(event.throttles, deps.timeScale));
    }
    deps.metrics.timing("AWS/Lambda", "AsyncEventAge", this.dims, age);
    deps.metrics.count("AWS/Lambda", "Invocations", this.dims);
    event.invokeCount += 1;
    this.executing += 1;
    const started = deps.now();
    let outcome: InvokeOutcome;
    try {
      if (errorRate > 0 && deps.random() < errorRate) {
        outcome = {
          ok: false,
          requestId: event.requestId,
          errorType: "Error",
          errorMessage: "injected function error",
        };
      } else {
        event.handlerRan = true;
        outcome = await deps.invoke(event.payload, event.requestId);
      }
    } finally {
      this.executing -= 1;
    }
    deps.metrics.timing("AWS/Lambda", "Duration", this.dims, deps.now() - started);
    if (outcome.ok) return;
    deps.metrics.count("AWS/Lambda", "Errors", this.dims);
    event.lastError = { errorType: outcome.errorType, errorMessage: outcome.errorMessage };
    if (event.errorRetries >= deps.policy().maximumRetryAttempts) return this.failForGood(event, "RetriesExhausted");
    const retryDrop = deps.faults().retryDrop;
    const id = messageIdOfEvent(event.payload);
    // The bug drops only events the handler never saw, so each ID it names is truly lost (nothing wrote it).
    if (!event.handlerRan && id !== undefined && retryDrop > 0 && deps.random() < retryDrop) {
      deps.harm(id);
      return;
    }
    event.errorRetries += 1;
    this.later(event, errorRetryDelayMs(event.errorRetries, deps.timeScale));
  }

  private async failForGood(event: QueuedEvent, condition: FailureCondition): Promise<void> {
    const { deps } = this;
    deps.metrics.count("AWS/Lambda", "AsyncEventsDropped", this.dims);
    const failed = {
      requestId: event.requestId,
      payload: event.payload,
      invokeCount: event.invokeCount,
      lastError: event.lastError,
    };
    const sends: Promise<void>[] = [];
    if (deps.sendToDestination !== undefined) {
      const record = JSON.stringify(destinationRecord(failed, condition, deps.functionArn, new Date(deps.now())));
      sends.push(
        deps.sendToDestination(record).catch((error: unknown) => {
          deps.metrics.count("AWS/Lambda", "DestinationDeliveryFailures", this.dims);
          deps.log(`async ${event.requestId}: on-failure destination failed: ${String(error)}`);
        }),
      );
    }
    if (deps.sendToDlq !== undefined) {
      sends.push(
        deps.sendToDlq(event.text, dlqAttributes(failed, condition)).catch((error: unknown) => {
          deps.metrics.count("AWS/Lambda", "DeadLetterErrors", this.dims);
          deps.log(`async ${event.requestId}: DLQ failed: ${String(error)}`);
        }),
      );
    }
    await Promise.all(sends);
  }
}
