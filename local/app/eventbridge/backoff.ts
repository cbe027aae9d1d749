// EventBridge's retry timing: exponential backoff with jitter, bounded by maximum attempts and maximum event age.

export interface RetryPolicy {
  maximumRetryAttempts: number;
  maximumEventAgeSeconds: number;
  /** First retry delay; each later one doubles, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Delay before retry number `retry` (1-based): "equal jitter", so it never falls below half the exponential step. */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return step / 2 + random() * (step / 2);
}

export type Exhausted = "MaximumRetryAttempts" | "MaximumEventAgeInSeconds";

/** Whether a failed attempt may be retried, or which limit it hit. */
export function retryDecision(
  retriesDone: number,
  eventAgeMs: number,
  policy: RetryPolicy,
): { retry: true } | { retry: false; exhausted: Exhausted } {
  if (retriesDone >= policy.maximumRetryAttempts) return { retry: false, exhausted: "MaximumRetryAttempts" };
  if (eventAgeMs >= policy.maximumEventAgeSeconds * 1000) {
    return { retry: false, exhausted: "MaximumEventAgeInSeconds" };
  }
  return { retry: true };
}
