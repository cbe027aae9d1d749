// A token bucket (rate per second, burst as its size), as API Gateway throttles a stage and EventBridge a quota.

export class TokenBucket {
  private tokens: number;
  private last: number;
  private rate: number;
  private burst: number;
  private readonly now: () => number;

  constructor(rate: number, burst: number, now: () => number = performance.now.bind(performance)) {
    this.rate = rate;
    this.burst = burst;
    this.now = now;
    this.tokens = burst;
    this.last = now();
  }

  /** Takes one token when there is one; false means throttle. */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** New limits apply from now; the tokens already earned are kept, capped at the new burst. */
  configure(rate: number, burst: number): void {
    this.refill();
    this.rate = rate;
    this.burst = burst;
    this.tokens = Math.min(this.tokens, burst);
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.rate);
    this.last = t;
  }
}
