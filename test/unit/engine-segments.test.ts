// Segments and worker stripes: disjoint and complete coverage, and message IDs that never collide.
import { describe, expect, it } from "vitest";
import { messageId } from "../../contracts/message-id.ts";
import { channelCycle } from "../../loadtests/engine/channel-mix.ts";
import { shareOf, stripeOf, stripeSize } from "../../loadtests/engine/segments.ts";

/** The global arrival indexes a stripe holds out of `total`. */
function indexes(stripe: ReturnType<typeof stripeOf>, total: number): number[] {
  return Array.from({ length: stripeSize(stripe, total) }, (_, j) => stripe.offset + j * stripe.stride);
}

describe("stripes", () => {
  it.each([
    [1, 1, 1000],
    [1, 2, 999],
    [3, 4, 1001],
    [8, 2, 17],
    [5, 3, 2],
  ])("%i segments x %i workers split %i arrivals without overlap or gap", (segments, workers, total) => {
    const seen: number[] = [];
    for (let s = 1; s <= segments; s++)
      for (let w = 0; w < workers; w++)
        seen.push(...indexes(stripeOf({ index: s, count: segments }, w, workers), total));
    expect(seen).toHaveLength(total);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, k) => k));
  });

  it("gives every message of a run a distinct ID across workers and segments", () => {
    const ids = new Set<string>();
    let count = 0;
    for (let s = 1; s <= 3; s++)
      for (let w = 0; w < 4; w++)
        for (const k of indexes(stripeOf({ index: s, count: 3 }, w, 4), 5000)) {
          ids.add(messageId("20261126T160000Z-abcdefgh", "spike", k));
          count++;
        }
    expect(count).toBe(5000);
    expect(ids.size).toBe(5000);
  });

  it("shares a budget over shards, at least one each, summing to the budget when it is large enough", () => {
    const shares = [0, 1, 2].flatMap((w) => [1, 2].map((s) => shareOf(100, stripeOf({ index: s, count: 2 }, w, 3))));
    expect(shares.reduce((a, b) => a + b, 0)).toBe(100);
    expect(shareOf(2, stripeOf({ index: 4, count: 4 }, 1, 2))).toBe(1);
  });
});

describe("channelCycle", () => {
  it.each([
    [{ http: 1 }, ["http"]],
    [{ http: 1, events: 1, sqs: 1 }, ["http", "events", "sqs"]],
    [{ http: 2, sqs: 1 }, ["http", "sqs", "http"]],
    [{ http: 0.5, events: 0.25 }, ["http", "events", "http"]],
    [{ http: 0, events: 3 }, ["events"]],
  ])("%j -> %j", (weights, cycle) => expect(channelCycle(weights)).toEqual(cycle));
});
