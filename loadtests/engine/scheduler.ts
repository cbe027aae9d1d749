// The open-model send loop: fires each arrival of a stripe at its planned time, whatever the responses do.
//
// The loop sleeps on a timer until the next arrival is due (timers have millisecond granularity, so at high rates a
// wake finds several arrivals due). Every wake fires all arrivals already due, at most `burst` of them, then
// yields so responses can be read: when the engine falls behind it catches up in bursts and the lag shows in the
// send-lag histogram, never as a silent shift of the plan.
import type { ArrivalPlan } from "./rate-plan.ts";
import { type Stripe, stripeSize } from "./segments.ts";

export interface SchedulerClock {
  /** Epoch ms, sub-millisecond precision. */
  now(): number;
  /** Calls fn after about delayMs (0 or less: as soon as IO has been served). */
  wake(delayMs: number, fn: () => void): void;
}

export interface ArrivalLoop {
  plan: ArrivalPlan;
  stripe: Stripe;
  /** Epoch ms at which arrival 0 of the plan is due. */
  startAt: number;
  clock: SchedulerClock;
  /** One arrival: its global index, its intended time and the time it is fired (epoch ms). */
  fire(k: number, intended: number, now: number): void;
  /** After each burst (batching channels send what they gathered). */
  afterBurst(): void;
  burst?: number;
}

export interface RunningLoop {
  /** Resolves when every arrival of the stripe has fired, or the loop was stopped. */
  done: Promise<void>;
  stop(): void;
  /**
   * Fires what is due now, from inside another callback. The event loop runs timers only between its IO batches,
   * and one batch of responses can take milliseconds; poked after each response, arrivals go out between them.
   */
  poke(): void;
}

/**
 * Epoch ms with sub-millisecond precision. timeOrigin is per thread and both read the same system clock, so the main
 * thread and its workers agree on the plan's time 0.
 */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

export function realClock(now: () => number): SchedulerClock {
  return {
    now,
    wake(delayMs, fn) {
      // Due now (or behind): yield once for IO, then continue. Otherwise sleep on a timer, which lands up to about a
      // millisecond late. Never spin on setImmediate waiting for a sub-millisecond instant: a spinning loop keeps
      // a core busy and, on a shared machine, starves the very responses and peers it is measuring.
      if (delayMs <= 0) setImmediate(fn);
      else setTimeout(fn, delayMs);
    },
  };
}

export function runArrivals(loop: ArrivalLoop): RunningLoop {
  const { plan, stripe, startAt, clock, fire, afterBurst } = loop;
  const burst = loop.burst ?? 512;
  const count = stripeSize(stripe, plan.total);
  let fired = 0;
  let k = stripe.offset;
  let nextAt = count > 0 ? startAt + plan.timeOf(k) : 0;
  let stopped = false;
  let firing = false;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });

  /** Fires the arrivals due at `now`, at most `burst`; returns how many. */
  function fireDue(now: number): number {
    firing = true;
    let n = 0;
    while (fired < count && nextAt <= now && n < burst) {
      fire(k, nextAt, now);
      fired++;
      n++;
      if (fired < count) {
        k += stripe.stride;
        nextAt = startAt + plan.timeOf(k);
      }
    }
    if (n > 0) afterBurst();
    firing = false;
    return n;
  }

  function tick(): void {
    if (stopped) {
      finish();
      return;
    }
    const n = fireDue(clock.now());
    if (fired >= count || stopped) {
      finish();
      return;
    }
    clock.wake(n === burst ? 0 : nextAt - clock.now(), tick);
  }

  if (count === 0) finish();
  else clock.wake(nextAt - clock.now(), tick);
  return {
    done,
    stop() {
      stopped = true;
      finish();
    },
    poke() {
      // The pending wake-up stays armed: it finds fewer (or no) arrivals due, and re-arms for the next one.
      if (stopped || firing || fired >= count) return;
      const now = clock.now();
      if (nextAt <= now) fireDue(now);
    },
  };
}
