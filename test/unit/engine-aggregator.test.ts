// The aggregator: totals as reports arrive, seconds closed only when every shard has passed them, no holes.
import { describe, expect, it } from "vitest";
import { Aggregator } from "../../loadtests/engine/aggregator.ts";
import { SecondStats } from "../../loadtests/engine/second-stats.ts";

function second(t: number, sent: number, latencyMs: number) {
  const s = new SecondStats(t);
  s.planned = sent;
  s.sent = sent;
  // A tenth still waiting for a connection at the end of the second.
  s.written = sent - sent / 10;
  s.acc = sent;
  s.channel("http").sent = sent;
  s.status["200"] = sent;
  for (let i = 0; i < sent; i++) {
    s.intended.recordMs(latencyMs);
    s.duration.recordMs(latencyMs);
    s.lag.recordMs(0.5);
    s.fireLag.recordMs(0.2);
  }
  return s.data();
}

describe("Aggregator", () => {
  it("keeps a second open until every shard has reported past it, then merges both shards' share", () => {
    const agg = new Aggregator(2);
    agg.add(0, { closed: [second(100, 10, 5)], through: 101, inFlight: 3 });
    expect(agg.perSecond).toEqual([]);
    expect([agg.sent, agg.inFlight]).toEqual([10, 3]);
    agg.add(1, { closed: [second(100, 20, 50)], through: 101, inFlight: 4 });
    expect(agg.perSecond).toHaveLength(1);
    expect(agg.perSecond[0]).toMatchObject({
      t: 100,
      planned: 30,
      sent: 30,
      written: 27,
      acc: 30,
      inFlight: 7,
      status: { "200": 30 },
    });
    expect(agg.perSecond[0]?.latency?.p50).toBeCloseTo(50, 0);
    expect(agg.perSecond[0]?.sendLagP99).toBeCloseTo(0.5, 2);
    expect(agg.perSecond[0]?.fireLagP99).toBeCloseTo(0.2, 2);
  });

  it("fills seconds in which nothing happened with empty rows", () => {
    const agg = new Aggregator(1);
    agg.add(0, { closed: [second(100, 1, 1), second(103, 2, 1)], through: 104, inFlight: 0 });
    agg.finish();
    expect(agg.perSecond.map((r) => [r.t, r.sent, r.written, r.latency === null])).toEqual([
      [100, 1, 0.9, false],
      [101, 0, 0, true],
      [102, 0, 0, true],
      [103, 2, 1.8, false],
    ]);
    expect(agg.byChannel).toEqual({ http: { sent: 3, acc: 0, rej: 0, unk: 0 } });
  });

  it("tells a live watcher of each row as it closes, gap rows too, the same rows in the same order", () => {
    const seen: Array<[number, number]> = [];
    const agg = new Aggregator(2, (row) => seen.push([row.t, row.sent]));
    agg.add(0, { closed: [second(100, 1, 1), second(102, 2, 1)], through: 103, inFlight: 0 });
    expect(seen).toEqual([]);
    agg.add(1, { closed: [second(100, 3, 1)], through: 101, inFlight: 0 });
    expect(seen).toEqual([[100, 4]]);
    agg.finish();
    expect(seen).toEqual(agg.perSecond.map((r) => [r.t, r.sent]));
    expect(seen).toEqual([
      [100, 4],
      [101, 0],
      [102, 2],
    ]);
  });

  it("a retired shard no longer holds seconds open", () => {
    const agg = new Aggregator(2);
    agg.add(0, { closed: [second(100, 5, 1)], through: 101, inFlight: 0 });
    agg.retire(1);
    expect(agg.perSecond.map((r) => r.t)).toEqual([100]);
  });
});

describe("SecondStats", () => {
  it("hands over the channels that saw a message as a copy, and counts the next second from zero", () => {
    const s = new SecondStats(100);
    s.channel("http").sent = 3;
    s.channel("sqs").acc = 1;
    const first = s.data();
    s.reset(101);
    s.channel("http").sent = 7;
    expect(first.byChannel).toEqual({
      http: { sent: 3, acc: 0, rej: 0, unk: 0 },
      sqs: { sent: 0, acc: 1, rej: 0, unk: 0 },
    });
    expect(s.data().byChannel).toEqual({ http: { sent: 7, acc: 0, rej: 0, unk: 0 } });
  });
});
