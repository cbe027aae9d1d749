// The open-model send loop: fires each arrival of a stripe at its planned time, whatever the responses do.
//
// The loop sleeps on a timer until the next arrival is due (timers have millisecond granularity, so at high rates a
// wake finds several arrivals due). Every wake fires all arrivals already due, at most `burst` of them, then
// yields so responses can be read: when the engine falls behind it catches up in bursts and the lag shows in the
// send-lag histogram, never as a silent shift of the plan.
import { performance } from "node:perf_hooks";
import type { ArrivalPlan } from "./rate-plan.ts";
import { type Stripe, stripeSize } from "./segments.ts";

export interface SchedulerClock {
  /** Epoch ms, sub-millisecond precision. */
  now(): number;
  /** Calls fn(arg) after about delayMs (0 or less: as soon as IO has been served). */
  wake<T>(delayMs: number, fn: (arg: T) => void, arg: T): void;
}

export interface ArrivalLoop {
  plan: ArrivalPlan;
  stripe: Stripe;
  /** Epoch ms at which arrival 0 of the plan is due. */
  startAt: number;
  clock: SchedulerClock;
  sink: ArrivalSink;
  burst?: number;
}

/** What the loop fires arrivals into (the shard). */
export interface ArrivalSink {
  /** One arrival: its global index, its intended time and the time it is fired (epoch ms). */
  fire(k: number, intended: number, now: number): void;
  /** After each burst (batching channels send what they gathered). */
  afterBurst(): void;
}

export interface RunningLoop {
  /** Resolves when every arrival of the stripe has fired, or the loop was stopped. */
  done: Promise<void>;
  stop(): void;
  /**
   * Fires what is due now, from inside another callback, once the oldest due arrival is `pokeAfterMs` late. The event
   * loop runs timers only between its IO batches, and one batch of responses can take milliseconds; poked after each
   * response, arrivals go out between them.
   */
  poke(): void;
}

/**
 * The thread's time origin, read once: it never changes, and its getter is a call into Node that makes a new number
 * each time. `performance` comes from perf_hooks, not the global, which Node defines as a lazy getter: called a few
 * times per message, the two cost about 30 ns a call (docs/engine-performance.md, "Per-message cost").
 */
const origin = performance.timeOrigin;

/**
 * How late the oldest due arrival must be before a poke fires it (and everything else due). Fired as soon as due,
 * after every response, arrivals went out one or two at a time between answers: the shard's event loop turned five
 * times as often as the bare sender's for the same messages, and the target, sent a request at a time, did the same.
 * At 80k msg/s over HTTP, batched by a quarter of a millisecond (which timers, a millisecond apart, never wait for),
 * the shard used 18% and nginx 19% less CPU (docs/engine-performance.md, "Per-message cost").
 */
export const pokeAfterMs = 0.25;

/**
 * Epoch ms with sub-millisecond precision. timeOrigin is per thread and both read the same system clock, so the main
 * thread and its workers agree on the plan's time 0.
 */
export function epochNow(): number {
  return origin + performance.now();
}

export function realClock(now: () => number): SchedulerClock {
  return new RealClock(now);
}

/** A class, not an object literal, and the callbacks take their state as an argument (the hot-path rule, README.md). */
class RealClock implements SchedulerClock {
  readonly now: () => number;

  constructor(now: () => number) {
    this.now = now;
  }

  wake<T>(delayMs: number, fn: (arg: T) => void, arg: T): void {
    // Due now (or behind): yield once for IO, then continue. Otherwise sleep on a timer, which lands up to about a
    // millisecond late. Never spin on setImmediate waiting for a sub-millisecond instant: a spinning loop keeps
    // a core busy and, on a shared machine, starves the very responses and peers it is measuring.
    if (delayMs <= 0) setImmediate(fn, arg);
    else setTimeout(fn, delayMs, arg);
  }
}

export function runArrivals(loop: ArrivalLoop): RunningLoop {
  return new Arrivals(loop);
}

class Arrivals implements RunningLoop {
  readonly done: Promise<void>;
  private readonly plan: ArrivalPlan;
  private readonly stride: number;
  private readonly startAt: number;
  private readonly clock: SchedulerClock;
  private readonly sink: ArrivalSink;
  private readonly burst: number;
  private readonly count: number;
  private fired = 0;
  private k: number;
  private nextAt: number;
  private stopped = false;
  private firing = false;
  private finish: () => void = () => {};

  constructor(loop: ArrivalLoop) {
    this.plan = loop.plan;
    this.stride = loop.stripe.stride;
    this.startAt = loop.startAt;
    this.clock = loop.clock;
    this.sink = loop.sink;
    this.burst = loop.burst ?? 512;
    this.count = stripeSize(loop.stripe, loop.plan.total);
    this.k = loop.stripe.offset;
    this.nextAt = this.count > 0 ? this.startAt + this.plan.timeOf(this.k) : 0;
    this.done = new Promise<void>((resolve) => {
      this.finish = resolve;
    });
    if (this.count === 0) this.finish();
    else this.clock.wake(this.nextAt - this.clock.now(), tick, this);
  }

  stop(): void {
    this.stopped = true;
    this.finish();
  }

  poke(): void {
    // The pending wake-up stays armed: it finds fewer (or no) arrivals due, and re-arms for the next one.
    if (this.stopped || this.firing || this.fired >= this.count) return;
    const now = this.clock.now();
    if (this.nextAt <= now - pokeAfterMs) this.fireDue(now);
  }

  tick(): void {
    const n = this.stopped ? 0 : this.fireDue(this.clock.now());
    if (this.stopped || this.fired >= this.count) {
      // Through the microtask queue: finish is a new function in every loop, and called here the optimised tick
      // would be thrown away at the end of the warm-up (warm-up.ts).
      queueMicrotask(this.finish);
      return;
    }
    this.clock.wake(n === this.burst ? 0 : this.nextAt - this.clock.now(), tick, this);
  }

  /** Fires the arrivals due at `now`, at most `burst`; returns how many. */
  private fireDue(now: number): number {
    this.firing = true;
    let n = 0;
    while (this.fired < this.count && this.nextAt <= now && n < this.burst) {
      this.sink.fire(this.k, this.nextAt, now);
      this.fired++;
      n++;
      if (this.fired < this.count) {
        this.k += this.stride;
        this.nextAt = this.startAt + this.plan.timeOf(this.k);
      }
    }
    if (n > 0) this.sink.afterBurst();
    this.firing = false;
    return n;
  }
}

function tick(loop: Arrivals): void {
  loop.tick();
}
