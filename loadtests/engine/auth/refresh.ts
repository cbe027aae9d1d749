// Keeps a credential (token headers, AWS keys) fresh in the background: fetched before time 0, fetched again before it
// expires, the old one used until the new one arrives; a failed refresh is retried with backoff. Never awaited on the
// send path: a request reads `current` and sends at once.
import { redactText } from "../../../common/redact.ts";

/** A credential and when it stops working (epoch ms; Infinity when it never does). */
export interface Fetched<T> {
  value: T;
  expiresAt: number;
}

export interface RefreshOptions {
  now?: () => number;
  /** Share of the lifetime after which a refresh starts (default 0.8). */
  refreshAt?: number;
  /** A refresh starts at least this long before expiry, when the lifetime allows (default 5 min, as the AWS SDK). */
  marginMs?: number;
  /** First retry delay after a failed fetch; doubles up to maxBackoffMs (defaults 250 ms and 30 s). */
  backoffMs?: number;
  maxBackoffMs?: number;
}

const defaults = { refreshAt: 0.8, marginMs: 300_000, backoffMs: 250, maxBackoffMs: 30_000 };

/** Never refresh sooner than this after a fetch: a source that returns already-expiring tokens must not spin. */
const minDelayMs = 200;

export class Refresher<T> {
  private value: T | undefined;
  private expiresAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private closed = false;
  /** Why the last fetch failed, while no fetch has succeeded since (safe to show: redacted). */
  problem: string | undefined;
  private readonly now: () => number;
  private readonly options: typeof defaults;
  private readonly fetch: () => Promise<Fetched<T>>;
  private readonly onChange: (value: T | undefined) => void;

  constructor(
    fetch: () => Promise<Fetched<T>>,
    onChange: (value: T | undefined) => void,
    options: RefreshOptions = {},
  ) {
    this.fetch = fetch;
    this.onChange = onChange;
    this.now = options.now ?? Date.now;
    this.options = { ...defaults, ...stripUndefined(options) };
  }

  /** The credential while it is valid, else undefined (a request then goes out without it). */
  get current(): T | undefined {
    if (this.value !== undefined && this.now() >= this.expiresAt) {
      this.value = undefined;
      this.onChange(undefined);
    }
    return this.value;
  }

  /** The first fetch; resolves when it succeeded, or failed (then retried in the background), or after `waitMs`. */
  async start(waitMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.refresh(),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, waitMs);
      }),
    ]);
    clearTimeout(timer);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  private async refresh(): Promise<void> {
    if (this.closed) return;
    const started = this.now();
    try {
      const fetched = await this.fetch();
      if (this.closed) return;
      this.failures = 0;
      this.problem = undefined;
      this.value = fetched.value;
      this.expiresAt = fetched.expiresAt;
      this.onChange(fetched.value);
      if (Number.isFinite(fetched.expiresAt)) this.schedule(this.nextDelay(started, fetched.expiresAt));
    } catch (error) {
      if (this.closed) return;
      this.problem = redactText(error instanceof Error ? error.message : String(error));
      const { backoffMs, maxBackoffMs } = this.options;
      const delay = Math.min(maxBackoffMs, backoffMs * 2 ** this.failures);
      this.failures++;
      this.schedule(delay);
    }
  }

  /** 80 % into the lifetime, or the margin before expiry if that is earlier (and leaves half the lifetime). */
  private nextDelay(fetchedAt: number, expiresAt: number): number {
    const lifetime = expiresAt - fetchedAt;
    const { refreshAt, marginMs } = this.options;
    let delay = lifetime * refreshAt;
    if (lifetime - marginMs > lifetime / 2) delay = Math.min(delay, lifetime - marginMs);
    return Math.max(minDelayMs, delay);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    // Timers past ~24.8 days overflow to 1 ms; a credential that long-lived is refreshed daily instead.
    this.timer = setTimeout(() => void this.refresh(), Math.min(delayMs, 86_400_000));
    this.timer.unref();
  }
}

function stripUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
