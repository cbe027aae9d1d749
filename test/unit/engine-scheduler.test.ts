// The open-model loop on a simulated clock: every arrival fires at its planned instant, and a late loop catches up.
import { describe, expect, it } from "vitest";
import { scenarioSchema } from "../../config/schema-scenario.ts";
import { arrivalPlan } from "../../loadtests/engine/rate-plan.ts";
import { pokeAfterMs, runArrivals, type SchedulerClock } from "../../loadtests/engine/scheduler.ts";
import { stripeOf } from "../../loadtests/engine/segments.ts";

/** A clock that jumps to each wake-up (plus an optional extra delay) and runs it; no real time passes. */
function simulatedClock(start: number, extraDelay = 0): SchedulerClock & { run(): void } {
  let time = start;
  const queue: Array<{ at: number; fn: () => void }> = [];
  return {
    now: () => time,
    wake(delayMs, fn, arg) {
      queue.push({ at: time + Math.max(0, delayMs) + extraDelay, fn: () => fn(arg) });
      queue.sort((a, b) => a.at - b.at);
    },
    run() {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        time = Math.max(time, next.at);
        next.fn();
      }
    },
  };
}

const ramp = arrivalPlan(
  scenarioSchema.parse({
    executor: "ramping-arrival-rate",
    startRate: 10,
    stages: [
      { duration: "2s", target: 300 },
      { duration: "1s", target: 300 },
    ],
  }),
);

describe("runArrivals", () => {
  it("fires every planned arrival exactly at its planned time", async () => {
    const start = 1_000_000;
    const clock = simulatedClock(start);
    const fired: Array<[number, number, number]> = [];
    const loop = runArrivals({
      plan: ramp,
      stripe: stripeOf(null, 0, 1),
      startAt: start,
      clock,
      sink: {
        fire: (k, intended, now) => fired.push([k, intended, now]),
        afterBurst: () => {},
      },
    });
    clock.run();
    await loop.done;
    expect(fired).toHaveLength(ramp.total);
    fired.forEach(([k, intended, now], i) => {
      expect(k).toBe(i);
      expect(intended).toBe(start + ramp.timeOf(k));
      expect(now).toBe(intended);
    });
  });

  it("fires only its stripe, on the plan's own times", async () => {
    const clock = simulatedClock(0);
    const ks: number[] = [];
    const loop = runArrivals({
      plan: ramp,
      stripe: stripeOf({ index: 2, count: 3 }, 1, 2),
      startAt: 0,
      clock,
      sink: {
        fire: (k, intended, now) => {
          expect(intended).toBe(ramp.timeOf(k));
          expect(now).toBe(intended);
          ks.push(k);
        },
        afterBurst: () => {},
      },
    });
    clock.run();
    await loop.done;
    // Segment 2 of 3 holds k = 1, 4, 7, ...; its worker 1 of 2 every other one of those: 4, 10, 16, ...
    expect(ks.slice(0, 4)).toEqual([4, 10, 16, 22]);
    expect(ks).toHaveLength(Math.ceil((ramp.total - 4) / 6));
  });

  it("keeps the plan when woken late: due arrivals fire in a burst, stamped with their intended time", async () => {
    const clock = simulatedClock(0, 7);
    const lags: number[] = [];
    let bursts = 0;
    const loop = runArrivals({
      plan: ramp,
      stripe: stripeOf(null, 0, 1),
      startAt: 0,
      clock,
      sink: {
        fire: (k, intended, now) => {
          expect(intended).toBe(ramp.timeOf(k));
          lags.push(now - intended);
        },
        afterBurst: () => bursts++,
      },
    });
    clock.run();
    await loop.done;
    expect(lags).toHaveLength(ramp.total);
    expect(Math.min(...lags)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...lags)).toBeLessThanOrEqual(7 + 1e-9);
    expect(bursts).toBeLessThan(ramp.total);
  });

  it("stops firing when stopped", async () => {
    const clock = simulatedClock(0);
    let count = 0;
    const loop = runArrivals({
      plan: ramp,
      stripe: stripeOf(null, 0, 1),
      startAt: 0,
      clock,
      sink: {
        fire: () => {
          count++;
          if (count === 10) loop.stop();
        },
        afterBurst: () => {},
      },
    });
    clock.run();
    await loop.done;
    expect(count).toBe(10);
  });
  it("fires on a poke only once the oldest due arrival is pokeAfterMs late, then everything due", () => {
    let time = 1_000_000;
    const fired: number[] = [];
    const loop = runArrivals({
      plan: arrivalPlan(scenarioSchema.parse({ executor: "constant-arrival-rate", rate: 10_000, duration: "1s" })),
      stripe: stripeOf(null, 0, 1),
      startAt: time,
      // The loop's own wake-ups never run here: only pokes fire.
      clock: { now: () => time, wake: () => {} },
      sink: { fire: (k) => fired.push(k), afterBurst: () => {} },
    });
    // Arrival 0 is due at time 0, one every 0.1 ms after it.
    time += pokeAfterMs - 0.01;
    loop.poke();
    expect(fired).toEqual([]);
    time += 0.01;
    loop.poke();
    expect(fired).toEqual([0, 1, 2]);
    // Arrival 3 is due 0.3 ms in: not yet late enough.
    time += 0.1;
    loop.poke();
    expect(fired).toEqual([0, 1, 2]);
    // 0.62 ms in: arrival 3 is late enough, and 4, 5 and 6 are due too.
    time += pokeAfterMs + 0.02;
    loop.poke();
    expect(fired).toEqual([0, 1, 2, 3, 4, 5, 6]);
    loop.stop();
  });
});
