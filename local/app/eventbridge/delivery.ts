// Delivery of matched events to one rule target (an SQS queue) with EventBridge's retry policy and target DLQ.
// Deliveries beyond the target's in-flight limit wait their turn and count as ThrottledRules.
import type { MetricsRegistry } from "../metrics.ts";
import { backoffDelay, type RetryPolicy, retryDecision } from "./backoff.ts";

export interface TargetDeliveryDeps {
  ruleName: string;
  ruleArn: string;
  targetArn: string;
  /** SendMessage to the target queue; rejects when the target fails. */
  send: (body: string) => Promise<void>;
  /** SendMessage to the target's DeadLetterConfig queue, with EventBridge's error attributes. */
  sendToDlq: (body: string, attributes: Record<string, string>) => Promise<void>;
  policy: () => RetryPolicy;
  /** Share of attempts that fail as if the target were unavailable (fault control). */
  failureRate: () => number;
  maxInFlight: number;
  metrics: MetricsRegistry;
  random: () => number;
  now: () => number;
  schedule: (fn: () => void, ms: number) => void;
  log: (line: string) => void;
}

interface Pending {
  body: string;
  acceptedAt: number;
  retriesDone: number;
}

export class TargetUnavailableError extends Error {
  readonly code = "SQS.AWS.SimpleQueueService.NonExistentQueue";
  constructor() {
    super("The specified queue does not exist (injected target failure).");
    this.name = "TargetUnavailableError";
  }
}

export class TargetDelivery {
  private readonly deps: TargetDeliveryDeps;
  private readonly dims: Record<string, string>;
  private readonly waiting: Pending[] = [];
  private inFlight = 0;
  private retrying = 0;

  constructor(deps: TargetDeliveryDeps) {
    this.deps = deps;
    this.dims = { RuleName: deps.ruleName };
  }

  /** Events accepted but not yet delivered or dead-lettered (waiting, sending, or backing off). */
  get pending(): number {
    return this.waiting.length + this.inFlight + this.retrying;
  }

  deliver(body: string): void {
    this.deps.metrics.count("AWS/Events", "TriggeredRules", this.dims);
    this.enqueue({ body, acceptedAt: this.deps.now(), retriesDone: 0 });
  }

  private enqueue(item: Pending): void {
    if (this.inFlight >= this.deps.maxInFlight) {
      this.deps.metrics.count("AWS/Events", "ThrottledRules", this.dims);
      this.waiting.push(item);
      return;
    }
    this.inFlight += 1;
    void this.attempt(item).finally(() => {
      this.inFlight -= 1;
      const next = this.waiting.shift();
      if (next !== undefined) this.enqueue(next);
    });
  }

  private async attempt(item: Pending): Promise<void> {
    const { deps } = this;
    let error: unknown;
    try {
      if (deps.random() < deps.failureRate()) throw new TargetUnavailableError();
      await deps.send(item.body);
      deps.metrics.count("AWS/Events", "Invocations", this.dims);
      deps.metrics.timing("AWS/Events", "IngestiontoInvocationSuccessLatency", this.dims, deps.now() - item.acceptedAt);
      return;
    } catch (caught) {
      error = caught;
    }
    const policy = deps.policy();
    const decision = retryDecision(item.retriesDone, deps.now() - item.acceptedAt, policy);
    if (decision.retry) {
      deps.metrics.count("AWS/Events", "RetryInvocationAttempts", this.dims);
      this.retrying += 1;
      const retry = { ...item, retriesDone: item.retriesDone + 1 };
      deps.schedule(
        () => {
          this.retrying -= 1;
          this.enqueue(retry);
        },
        backoffDelay(retry.retriesDone, policy, deps.random),
      );
      return;
    }
    // Invocations counts a failed event once, when it fails for good (AWS's definition).
    deps.metrics.count("AWS/Events", "Invocations", this.dims);
    deps.metrics.count("AWS/Events", "FailedInvocations", this.dims);
    const code = (error as { code?: string; name?: string })?.code ?? (error as Error)?.name ?? "Error";
    try {
      await deps.sendToDlq(item.body, {
        RULE_ARN: deps.ruleArn,
        TARGET_ARN: deps.targetArn,
        ERROR_CODE: code,
        ERROR_MESSAGE: error instanceof Error ? error.message : String(error),
        EXHAUSTED_RETRY_CONDITION: decision.exhausted,
        RETRY_ATTEMPTS: String(item.retriesDone),
      });
      deps.metrics.count("AWS/Events", "InvocationsSentToDlq", this.dims);
    } catch (dlqError) {
      deps.metrics.count("AWS/Events", "InvocationsFailedToBeSentToDlq", this.dims);
      deps.log(`event dropped: target and target DLQ both failed: ${String(dlqError)}`);
    }
  }
}
