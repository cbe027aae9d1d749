// The ledger writer: one record per message, order kept, the closing record with counts, cut-short files, backpressure.
import { describe, expect, it } from "vitest";
import type { LedgerClose, LedgerRecord } from "../../contracts/ledger.ts";
import { type LedgerSink, LedgerWriter } from "../../loadtests/engine/ledger-writer.ts";

/** A sink that keeps what was written; `hold` keeps writes pending until released (a slow disk). */
function memorySink(hold = false) {
  const chunks: string[] = [];
  const waiting: Array<() => void> = [];
  let closed = false;
  const sink: LedgerSink = {
    write: (bytes) =>
      new Promise<void>((resolve) => {
        // Read when the write lands, not when it is asked for: the writer must not touch bytes it handed over until
        // then (it reuses them afterwards).
        const done = () => {
          chunks.push(Buffer.from(bytes).toString());
          resolve();
        };
        if (hold) waiting.push(done);
        else done();
      }),
    close: async () => {
      closed = true;
    },
  };
  return {
    sink,
    lines: () => chunks.join("").split("\n").filter(Boolean),
    release: () => {
      for (let w = waiting.shift(); w !== undefined; w = waiting.shift()) w();
    },
    isClosed: () => closed,
  };
}

describe("LedgerWriter", () => {
  it("writes one parseable record per message and a closing record whose counts match", async () => {
    const mem = memorySink();
    const writer = new LedgerWriter(mem.sink, "w0", "r-smoke-", { chunkBytes: 64 });
    writer.record(0, 1000.7, 2.49, "http", 200, "acc", undefined);
    writer.record(2, 1001, 30.04, "http", 429, "rej", "HTTP 429");
    writer.record(4, 1002, 10_000, "events", 0, "unk", 'timeout "quoted"\n');
    writer.record(6, 1003, 4, "sqs", 200, "acc", undefined);
    expect(await writer.close()).toEqual({ count: 4, acc: 2, rej: 1, unk: 1 });
    const lines = mem.lines().map((l) => JSON.parse(l) as LedgerRecord | LedgerClose);
    expect(lines).toEqual([
      { id: "r-smoke-0", ts: 1000, dur: 2.5, ch: "http", st: 200, o: "acc" },
      { id: "r-smoke-2", ts: 1001, dur: 30, ch: "http", st: 429, o: "rej", err: "HTTP 429" },
      { id: "r-smoke-4", ts: 1002, dur: 10_000, ch: "events", st: 0, o: "unk", err: 'timeout "quoted"\n' },
      { id: "r-smoke-6", ts: 1003, dur: 4, ch: "sqs", st: 200, o: "acc" },
      { end: true, worker: "w0", count: 4, acc: 2, rej: 1, unk: 1 },
    ]);
    expect(mem.isClosed()).toBe(true);
  });

  it("leaves no closing record when never closed (a crash), so the file reads as cut short", async () => {
    const mem = memorySink();
    const writer = new LedgerWriter(mem.sink, "w1", "r-s-", { chunkBytes: 1 });
    for (let i = 0; i < 5; i++) writer.record(i, i, 1, "http", 200, "acc", undefined);
    await new Promise((r) => setImmediate(r));
    const lines = mem.lines();
    expect(lines).toHaveLength(5);
    expect(lines.some((l) => l.includes('"end"'))).toBe(false);
  });

  it("an empty ledger still closes with zero counts", async () => {
    const mem = memorySink();
    await new LedgerWriter(mem.sink, "s2of4-w0", "r-s-").close();
    expect(mem.lines().map((l) => JSON.parse(l))).toEqual([
      { end: true, worker: "s2of4-w0", count: 0, acc: 0, rej: 0, unk: 0 },
    ]);
  });

  it("signals backlog above its high-water mark while the disk lags, and clears once writes land", async () => {
    const mem = memorySink(true);
    const writer = new LedgerWriter(mem.sink, "w0", "r-s-", { chunkBytes: 100, highWaterBytes: 1000 });
    let n = 0;
    while (!writer.backlogged) writer.record(n++, n, 1, "http", 200, "acc", undefined);
    expect(writer.bufferedBytes).toBeGreaterThan(1000);
    expect(n).toBeLessThan(30);
    await new Promise((r) => setImmediate(r));
    mem.release();
    for (let i = 0; i < 50 && writer.bufferedBytes > 0; i++) {
      await new Promise((r) => setImmediate(r));
      mem.release();
    }
    expect(writer.backlogged).toBe(false);
    const closing = writer.close();
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setImmediate(r));
      mem.release();
    }
    expect((await closing).count).toBe(n);
    expect(mem.lines()).toHaveLength(n + 1);
  });

  it("reports a failed write at close instead of writing a closing record", async () => {
    const writer = new LedgerWriter(
      { write: async () => Promise.reject(new Error("ENOSPC")), close: async () => undefined },
      "w0",
      "r-s-",
      { chunkBytes: 1 },
    );
    writer.record(0, 1, 1, "http", 200, "acc", undefined);
    await expect(writer.close()).rejects.toThrow("ENOSPC");
  });

  it("writes exactly what JSON.stringify would, across chunk boundaries, whatever the prefix and error hold", async () => {
    const mem = memorySink(true);
    const prefix = 'run "1"\\é-smoke-';
    const writer = new LedgerWriter(mem.sink, "w0", prefix, { chunkBytes: 256 });
    const expected: unknown[] = [];
    const outcomes = ["acc", "rej", "unk"] as const;
    const channels = ["http", "events", "sqs"] as const;
    for (let i = 0; i < 500; i++) {
      const n = i * 7919 + (i % 3 === 0 ? 2 ** 40 : 0);
      const sent = 1_700_000_000_000 + i * 1.37;
      const dur = (i * 13.77) % 12_000;
      const o = outcomes[i % 3] as (typeof outcomes)[number];
      const ch = channels[i % 3] as (typeof channels)[number];
      const st = i % 5 === 0 ? 0 : 200 + (i % 4) * 100;
      const err = o === "acc" ? undefined : i % 7 === 0 ? `x`.repeat(400 + i) : `ünïcode 🚀 "q" ${i}`;
      writer.record(n, sent, dur, ch, st, o, err);
      expected.push({
        id: `${prefix}${n}`,
        ts: Math.floor(sent),
        dur: Math.round(dur * 10) / 10,
        ch,
        st,
        o,
        ...(err === undefined ? {} : { err }),
      });
    }
    const closing = writer.close();
    for (let i = 0; i < 500; i++) {
      await new Promise((r) => setImmediate(r));
      mem.release();
    }
    await closing;
    const lines = mem.lines().map((l) => JSON.parse(l) as unknown);
    expect(lines.slice(0, -1)).toEqual(expected);
    expect(lines.at(-1)).toMatchObject({ end: true, count: 500 });
  });
});
