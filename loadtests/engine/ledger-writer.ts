// The ledger writer: one NDJSON file per worker, records batched into large writes off the JS thread, bounded memory.
//
// Records are appended to a string and handed to the file in 64 KiB writes that libuv performs on its thread pool,
// one at a time so the file keeps its order. `backlogged` turns true when more than `highWaterBytes` wait for the
// disk: the shard then drops new arrivals (counted) instead of buffering without bound, so a slow disk costs
// load, never memory and never a record. The closing record carries the counts, so a file cut short is visible.
import { open } from "node:fs/promises";
import type { Channel, LedgerClose, Outcome } from "../../contracts/ledger.ts";

export interface LedgerSink {
  write(text: string): Promise<unknown>;
  close(): Promise<unknown>;
}

export async function fileSink(path: string): Promise<LedgerSink> {
  // Opened before the first arrival so a bad ledger directory fails the run before any message is sent.
  const handle = await open(path, "wx");
  return { write: (text) => handle.write(text), close: () => handle.close() };
}

export interface LedgerCounts {
  count: number;
  acc: number;
  rej: number;
  unk: number;
}

export class LedgerWriter {
  readonly worker: string;
  private readonly sink: LedgerSink;
  private readonly chunkBytes: number;
  private readonly highWaterBytes: number;
  private pending = "";
  private writingBytes = 0;
  private writing: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private closed = false;
  readonly counts: LedgerCounts = { count: 0, acc: 0, rej: 0, unk: 0 };

  constructor(sink: LedgerSink, worker: string, options: { chunkBytes?: number; highWaterBytes?: number } = {}) {
    this.sink = sink;
    this.worker = worker;
    this.chunkBytes = options.chunkBytes ?? 64 * 1024;
    this.highWaterBytes = options.highWaterBytes ?? 8 * 1024 * 1024;
  }

  /** Characters not yet on disk (buffered plus being written). */
  get bufferedBytes(): number {
    return this.pending.length + this.writingBytes;
  }

  get backlogged(): boolean {
    return this.bufferedBytes > this.highWaterBytes;
  }

  get error(): unknown {
    return this.failure;
  }

  record(id: string, ts: number, dur: number, ch: Channel, st: number, o: Outcome, err: string | undefined): void {
    if (this.closed) return;
    const c = this.counts;
    c.count++;
    if (o === "acc") c.acc++;
    else if (o === "rej") c.rej++;
    else c.unk++;
    // Hand-built JSON: the fields are numbers and known tokens; only `err` can hold arbitrary text.
    this.pending +=
      err === undefined
        ? `{"id":"${id}","ts":${ts},"dur":${dur},"ch":"${ch}","st":${st},"o":"${o}"}\n`
        : `{"id":"${id}","ts":${ts},"dur":${dur},"ch":"${ch}","st":${st},"o":"${o}","err":${JSON.stringify(err)}}\n`;
    if (this.pending.length >= this.chunkBytes) this.flush();
  }

  /** Starts writing what is buffered; writes are chained so the file keeps record order. */
  flush(): void {
    if (this.pending === "") return;
    const text = this.pending;
    this.pending = "";
    this.writingBytes += text.length;
    this.writing = this.writing.then(async () => {
      if (this.failure !== null) return;
      try {
        await this.sink.write(text);
      } catch (error) {
        this.failure = error;
      } finally {
        this.writingBytes -= text.length;
      }
    });
  }

  /** Writes everything buffered, then the closing record, then closes the file. */
  async close(): Promise<LedgerCounts> {
    if (this.closed) return this.counts;
    this.closed = true;
    const close: LedgerClose = { end: true, worker: this.worker, ...this.counts };
    this.pending += `${JSON.stringify(close)}\n`;
    this.flush();
    await this.writing;
    await this.sink.close();
    if (this.failure !== null) throw this.failure;
    return this.counts;
  }
}
