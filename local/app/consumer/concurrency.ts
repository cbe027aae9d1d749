// The function's concurrency: invocations in flight across every event source, against a limit that faults can lower.

export class FunctionConcurrency {
  private inFlight = 0;
  private readonly limit: () => number;

  /** limit() of 0 means unlimited (no reserved concurrency). */
  constructor(limit: () => number) {
    this.limit = limit;
  }

  /** false when the function is at its limit: Lambda answers the invoke with a throttle. */
  tryAcquire(): boolean {
    const limit = this.limit();
    if (limit > 0 && this.inFlight >= limit) return false;
    this.inFlight += 1;
    return true;
  }

  release(): void {
    this.inFlight -= 1;
  }

  get current(): number {
    return this.inFlight;
  }
}
