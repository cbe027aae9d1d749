// A shard with fake transports: maxInFlight drops arrivals (counted, no record); unanswered messages end unk at stop.
import { describe, expect, it } from "vitest";
import { scenarioSchema } from "../../config/schema-scenario.ts";
import type { LedgerClose, LedgerRecord } from "../../contracts/ledger.ts";
import type { ResolvedTarget } from "../../contracts/target.ts";
import { Histogram } from "../../loadtests/engine/histogram.ts";
import type { LedgerSink } from "../../loadtests/engine/ledger-writer.ts";
import type { ChannelSender, Message, MessageEvents } from "../../loadtests/engine/message.ts";
import { epochNow, realClock } from "../../loadtests/engine/scheduler.ts";
import type { ShardReport } from "../../loadtests/engine/second-stats.ts";
import { shardConnections, startShard } from "../../loadtests/engine/shard.ts";

const target: ResolvedTarget = {
  name: "fake",
  kind: "local",
  environment: "local",
  maxRps: 10_000,
  aws: { region: "us-east-1" },
  http: {
    url: "http://127.0.0.1:9/x",
    method: "POST",
    headers: {},
    bodyTemplate: "{{id}}|{{sentAt}}",
    timeoutMs: 1000,
  },
  queues: [],
  sinks: [],
  dlqs: [],
  metrics: [],
};

/** Answers n % 3 == 1 with 200, n % 3 == 2 with 429 after 2 ms; never answers n % 3 == 0. */
function fakeHttp(events: MessageEvents, bodies: string[]): ChannelSender {
  return {
    send(m: Message, body: string) {
      bodies.push(body);
      if (m.n % 3 === 0) return;
      setTimeout(() => events.settle(m, m.n % 3 === 1 ? 200 : 429, m.n % 3 === 1 ? "acc" : "rej", undefined), 2);
    },
    flush() {},
    close: async () => undefined,
  };
}

describe("startShard", () => {
  it("drops arrivals past maxInFlight without a record, and records what was never answered as unk", async () => {
    const scenario = scenarioSchema.parse({
      executor: "constant-arrival-rate",
      rate: 200,
      duration: "500ms",
      maxInFlight: 8,
      gracefulStop: "100ms",
    });
    let written = "";
    const sink: LedgerSink = {
      write: async (bytes) => {
        written += Buffer.from(bytes).toString();
      },
      close: async () => undefined,
    };
    const bodies: string[] = [];
    const reports: ShardReport[] = [];
    const now = epochNow;
    const shard = startShard(
      {
        runId: "r1",
        scenarioName: "unit",
        scenario,
        target,
        segment: null,
        worker: 0,
        workers: 1,
        name: "w0",
        startAt: now() + 10,
        reportEveryMs: 50,
      },
      {
        clock: realClock(now),
        sink,
        report: (r) => reports.push(r),
        senders: ({ events }) => ({ http: fakeHttp(events, bodies) }),
      },
    );
    const result = await shard.done;

    const lines = written
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as LedgerRecord & LedgerClose);
    const records = lines.slice(0, -1);
    const close = lines.at(-1) as LedgerClose;
    expect(result.sent + result.dropped).toBe(100);
    expect(result.dropped).toBeGreaterThan(0);
    expect(records).toHaveLength(result.sent);
    expect(close).toEqual({ end: true, worker: "w0", ...result.ledger });
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
    // Every never-answered message is unk "interrupted", and only those; none is acc.
    const stuck = records.filter((r) => Number(r.id.split("-").at(-1)) % 3 === 0);
    expect(stuck.every((r) => r.o === "unk" && r.err === "interrupted" && r.st === 0)).toBe(true);
    expect(result.interrupted).toBe(stuck.length);
    expect(records.filter((r) => r.o === "unk")).toHaveLength(stuck.length);
    expect(records.filter((r) => r.st === 429).every((r) => r.o === "rej")).toBe(true);
    // The body template carries the ID and the send time.
    expect(bodies[0]).toMatch(/^r1-unit-0\|\d{13}$/);
    // Per-second stats agree with the ledger.
    const seconds = reports.flatMap((r) => r.closed);
    const sum = (f: (s: (typeof seconds)[number]) => number) => seconds.reduce((a, s) => a + f(s), 0);
    expect([sum((s) => s.planned), sum((s) => s.sent), sum((s) => s.dropped)]).toEqual([
      100,
      result.sent,
      result.dropped,
    ]);
    expect([sum((s) => s.acc), sum((s) => s.rej), sum((s) => s.unk)]).toEqual([close.acc, close.rej, close.unk]);
  });

  it("send lag runs to when the transport really sent (a wait for a connection counts); fire lag stops at the fire", async () => {
    const scenario = scenarioSchema.parse({
      executor: "constant-arrival-rate",
      rate: 100,
      duration: "200ms",
      maxInFlight: 100,
      gracefulStop: "1s",
    });
    const sink: LedgerSink = { write: async () => undefined, close: async () => undefined };
    const reports: ShardReport[] = [];
    const now = epochNow;
    const waitMs = 30;
    // Every message waits 30 ms for a "connection" before it is written (stamped sent), then is answered at once.
    const shard = startShard(
      {
        runId: "r1",
        scenarioName: "unit",
        scenario,
        target,
        segment: null,
        worker: 0,
        workers: 1,
        name: "w0",
        startAt: now() + 10,
        reportEveryMs: 50,
      },
      {
        clock: realClock(now),
        sink,
        report: (r) => reports.push(r),
        senders: ({ events }) => ({
          http: {
            send(m: Message) {
              setTimeout(() => {
                m.sent = now();
                events.written(m.sent, 1);
                events.settle(m, 200, "acc", undefined);
              }, waitMs);
            },
            flush() {},
            close: async () => undefined,
          },
        }),
      },
    );
    const result = await shard.done;

    const seconds = reports.flatMap((r) => r.closed);
    const lag = new Histogram();
    const fireLag = new Histogram();
    for (const s of seconds) {
      lag.merge(s.lag);
      fireLag.merge(s.fireLag);
    }
    expect(result.sent).toBe(20);
    expect([lag.count, fireLag.count]).toEqual([20, 20]);
    expect(seconds.reduce((n, s) => n + s.written, 0)).toBe(20);
    // Timers may fire a hair early against the performance clock; 25 ms leaves room for that.
    expect(lag.min).toBeGreaterThanOrEqual(waitMs - 5);
    expect(fireLag.percentile(50)).toBeLessThan(waitMs - 5);
  });
});

describe("shardConnections", () => {
  const of = (
    input: Record<string, unknown>,
    worker = 0,
    workers = 1,
    segment: { index: number; count: number } | null = null,
  ) => shardConnections({ scenario: scenarioSchema.parse(input), segment, worker, workers });

  it("opens enough for the shard's peak rate at 25 ms an answer, within its share of maxInFlight and 256", () => {
    // 4k/s on one shard: 100 in flight at 25 ms, plus 4; 20k/s is capped at 256.
    expect(of({ executor: "constant-arrival-rate", rate: 4_000, duration: "1s" })).toEqual({ max: 256, preopen: 104 });
    expect(of({ executor: "constant-arrival-rate", rate: 20_000, duration: "1s" })).toEqual({ max: 256, preopen: 256 });
    // The same plan over two workers and two segments: a quarter each.
    expect(
      of({ executor: "constant-arrival-rate", rate: 20_000, duration: "1s" }, 1, 2, { index: 2, count: 2 }),
    ).toEqual({
      max: 256,
      preopen: 129,
    });
    // A ramp is sized for its peak, and a small maxInFlight caps both.
    const ramp = {
      executor: "ramping-arrival-rate",
      startRate: 10,
      stages: [
        { duration: "5s", target: 2_000 },
        { duration: "5s", target: 0 },
      ],
    };
    expect(of(ramp)).toEqual({ max: 256, preopen: 54 });
    expect(of({ ...ramp, maxInFlight: 6 })).toEqual({ max: 6, preopen: 6 });
    expect(of({ executor: "constant-arrival-rate", rate: 1, duration: "1s" })).toEqual({ max: 256, preopen: 5 });
  });

  it("opens one per virtual user of the shard in the closed model", () => {
    expect(of({ executor: "constant-vus", vus: 10, duration: "1s" }, 1, 2)).toEqual({ max: 256, preopen: 5 });
  });
});
