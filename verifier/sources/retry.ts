// Retries AWS calls that were throttled, with capped exponential backoff and full jitter (AWS's advice), injected sleep.
import { setTimeout as delay } from "node:timers/promises";

const throttleNames = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "Throttling",
  "RequestLimitExceeded",
  "TooManyRequestsException",
  "RequestThrottled",
  "RequestThrottledException",
]);

export function isThrottle(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const e = error as { name?: unknown; $metadata?: { httpStatusCode?: number } };
  return (typeof e.name === "string" && throttleNames.has(e.name)) || e.$metadata?.httpStatusCode === 429;
}

export interface RetryOptions {
  attempts?: number;
  baseMs?: number;
  capMs?: number;
  sleep?: (ms: number) => Promise<unknown>;
  random?: () => number;
}

/** Runs call until it is not throttled, at most `attempts` times; other errors pass straight through. */
export async function retryThrottled<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 10;
  const sleep = options.sleep ?? delay;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isThrottle(error) || attempt >= attempts) throw error;
      const ceiling = Math.min(options.capMs ?? 5_000, (options.baseMs ?? 50) * 2 ** (attempt - 1));
      await sleep(Math.floor(random() * ceiling));
    }
  }
}
