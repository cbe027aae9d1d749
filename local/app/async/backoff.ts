// Lambda's asynchronous-invocation timing as AWS documents it, on a scaled clock for local runs: a function error is
// retried after 1 minute, then 2 minutes; a throttled event is requeued with exponential backoff from 1 second up to
// 5 minutes; an event older than MaximumEventAgeInSeconds is not invoked again.

/** Delay before error retry number `retry` (1-based): 60 s, then 120 s, times the time scale. */
export function errorRetryDelayMs(retry: number, timeScale: number): number {
  return 60_000 * retry * timeScale;
}

/** Delay before the next try of an event throttled `throttles` times (1-based): 1 s doubling, at most 5 min, scaled. */
export function throttleDelayMs(throttles: number, timeScale: number): number {
  return Math.min(300_000, 1_000 * 2 ** (throttles - 1)) * timeScale;
}

/** Whether an event received `ageMs` ago (real ms) is past its maximum age (AWS seconds on the scaled clock). */
export function tooOld(ageMs: number, maximumEventAgeSeconds: number, timeScale: number): boolean {
  return ageMs >= maximumEventAgeSeconds * 1000 * timeScale;
}
