// When Lambda's poller retries a throttled invoke: exponential backoff, and only while the batch's visibility
// timeout leaves the invocation room to finish before its messages become visible to other pollers again.

/** First retry after this long; doubling per attempt up to maxDelayMs. */
const baseDelayMs = 50;
const maxDelayMs = 1_000;
/** The share of the visibility timeout retries may use; the rest is left for the invocation itself. */
const retryShare = 0.5;

/** The wait before retry `attempt` (0-based), or undefined when the batch should be left to come back. */
export function throttleRetryDelayMs(
  attempt: number,
  elapsedMs: number,
  visibilityTimeoutMs: number,
): number | undefined {
  const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
  return elapsedMs + delay <= visibilityTimeoutMs * retryShare ? delay : undefined;
}
