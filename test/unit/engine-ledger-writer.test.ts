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
    write: (text) =>
      new Promise<void>((resolve) => {
        const done = () => {
          chunks.push(text);
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
    const writer = new LedgerWriter(mem.sink, "w0", { chunkBytes: 64 });
    writer.record("r-smoke-0", 1000, 2.5, "http", 200, "acc", undefined);
    writer.record("r-smoke-2", 1001, 30, "http", 429, "rej", "HTTP 429");
    writer.record("r-smoke-4", 1002, 10_000, "events", 0, "unk", 'timeout "quoted"\n');
    writer.record("r-smoke-6", 1003, 4, "sqs", 200, "acc", undefined);
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
    const writer = new LedgerWriter(mem.sink, "w1", { chunkBytes: 1 });
    for (let i = 0; i < 5; i++) writer.record(`r-s-${i}`, i, 1, "http", 200, "acc", undefined);
    await new Promise((r) => setImmediate(r));
    const lines = mem.lines();
    expect(lines).toHaveLength(5);
    expect(lines.some((l) => l.includes('"end"'))).toBe(false);
  });

  it("an empty ledger still closes with zero counts", async () => {
    const mem = memorySink();
    await new LedgerWriter(mem.sink, "s2of4-w0").close();
    expect(mem.lines().map((l) => JSON.parse(l))).toEqual([
      { end: true, worker: "s2of4-w0", count: 0, acc: 0, rej: 0, unk: 0 },
    ]);
  });

  it("signals backlog above its high-water mark while the disk lags, and clears once writes land", async () => {
    const mem = memorySink(true);
    const writer = new LedgerWriter(mem.sink, "w0", { chunkBytes: 100, highWaterBytes: 1000 });
    let n = 0;
    while (!writer.backlogged) writer.record(`r-s-${n++}`, n, 1, "http", 200, "acc", undefined);
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
      { chunkBytes: 1 },
    );
    writer.record("r-s-0", 1, 1, "http", 200, "acc", undefined);
    await expect(writer.close()).rejects.toThrow("ENOSPC");
  });
});
