// The ledger writer: one NDJSON file per worker, records encoded straight into byte chunks that are written off the JS
// thread and reused, bounded memory.
//
// A record is written as bytes into the current chunk (64 KiB). A full chunk is handed to the file in one write that
// libuv performs on its thread pool, one at a time so the file keeps its order, and comes back for reuse once
// written. Records built as strings made garbage on every message; as bytes they make none (docs/engine-performance.md,
// "Ledger writer"). `backlogged` turns true when more than
// `highWaterBytes` wait for the disk: the shard then drops new arrivals (counted) instead of buffering without bound,
// so a slow disk costs load, never memory and never a record. The closing record carries the counts, so a file cut
// short is visible.
import { open } from "node:fs/promises";
import { writeDecimal } from "../../common/write-decimal.ts";
import type { Channel, LedgerClose, Outcome } from "../../contracts/ledger.ts";

export interface LedgerSink {
  /** Writes all of the bytes; they are the writer's again once the promise settles. */
  write(bytes: Uint8Array): Promise<unknown>;
  close(): Promise<unknown>;
}

export async function fileSink(path: string): Promise<LedgerSink> {
  // Opened before the first arrival so a bad ledger directory fails the run before any message is sent.
  const handle = await open(path, "wx");
  return {
    async write(bytes) {
      // One write(2) may take less than asked (a signal, a full disk on the way); the rest is written, never dropped.
      for (let at = 0; at < bytes.length; ) {
        const { bytesWritten } = await handle.write(bytes, at, bytes.length - at);
        if (bytesWritten <= 0) throw new Error(`the ledger file ${path} took no bytes`);
        at += bytesWritten;
      }
    },
    close: () => handle.close(),
  };
}

export interface LedgerCounts {
  count: number;
  acc: number;
  rej: number;
  unk: number;
}

const ascii = (text: string): Uint8Array => Buffer.from(text, "latin1");
const idStart = ascii('{"id":');
const tsKey = ascii('","ts":');
const durKey = ascii(',"dur":');
const chKeys: Record<Channel, Uint8Array> = {
  http: ascii(',"ch":"http","st":'),
  events: ascii(',"ch":"events","st":'),
  sqs: ascii(',"ch":"sqs","st":'),
  sfn: ascii(',"ch":"sfn","st":'),
  lambda: ascii(',"ch":"lambda","st":'),
};
const outcomes: Record<Outcome, Uint8Array> = {
  acc: ascii(',"o":"acc"'),
  rej: ascii(',"o":"rej"'),
  unk: ascii(',"o":"unk"'),
};
const errKey = ascii(',"err":');
/** Bytes a record takes beyond its ID prefix and its error text: keys, quotes and numbers at their longest. */
const recordSlack = 160;

/** TypedArray's set, a memory copy: faster than a loop of bytes even for the shortest keys here (measured). */
function copy(into: Uint8Array, at: number, bytes: Uint8Array): number {
  into.set(bytes, at);
  return at + bytes.length;
}

export class LedgerWriter {
  readonly worker: string;
  private readonly sink: LedgerSink;
  private readonly chunkBytes: number;
  private readonly highWaterBytes: number;
  /** `{"id":"<runId>-<scenario>-` as JSON bytes: every ID of the shard is this plus its number. */
  private readonly prefix: Uint8Array;
  private chunk: Buffer;
  private used = 0;
  private readonly spare: Buffer[] = [];
  private writingBytes = 0;
  private writing: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private closed = false;
  readonly counts: LedgerCounts = { count: 0, acc: 0, rej: 0, unk: 0 };

  constructor(
    sink: LedgerSink,
    worker: string,
    idPrefix: string,
    options: { chunkBytes?: number; highWaterBytes?: number } = {},
  ) {
    this.sink = sink;
    this.worker = worker;
    this.chunkBytes = options.chunkBytes ?? 64 * 1024;
    this.highWaterBytes = options.highWaterBytes ?? 8 * 1024 * 1024;
    // JSON.stringify escapes whatever the run ID or scenario name holds; the closing quote comes after the number.
    const quoted = Buffer.from(JSON.stringify(idPrefix).slice(0, -1));
    this.prefix = Buffer.concat([idStart, quoted]);
    this.chunk = Buffer.allocUnsafe(this.chunkBytes);
  }

  /** Bytes not yet on disk (buffered plus being written). */
  get bufferedBytes(): number {
    return this.used + this.writingBytes;
  }

  get backlogged(): boolean {
    return this.bufferedBytes > this.highWaterBytes;
  }

  get error(): unknown {
    return this.failure;
  }

  /**
   * One message's record: its number n (the ID is the prefix plus n), actual send time and duration in ms (the
   * ledger keeps whole ms and tenths), channel, status (0 if none), outcome and error text.
   */
  record(n: number, sentMs: number, durMs: number, ch: Channel, st: number, o: Outcome, err: string | undefined): void {
    if (this.closed) return;
    const c = this.counts;
    c.count++;
    if (o === "acc") c.acc++;
    else if (o === "rej") c.rej++;
    else c.unk++;
    const errJson = err === undefined ? undefined : JSON.stringify(err);
    this.reserve(this.prefix.length + recordSlack + (errJson === undefined ? 0 : 3 * errJson.length));
    const b = this.chunk;
    let at = copy(b, this.used, this.prefix);
    at = writeDecimal(b, at, n);
    at = copy(b, at, tsKey);
    at = writeDecimal(b, at, Math.max(0, Math.floor(sentMs)));
    at = copy(b, at, durKey);
    const tenths = Math.max(0, Math.round(durMs * 10));
    const whole = Math.floor(tenths / 10);
    at = writeDecimal(b, at, whole);
    if (tenths !== whole * 10) {
      b[at++] = 0x2e;
      b[at++] = 0x30 + tenths - whole * 10;
    }
    at = copy(b, at, chKeys[ch]);
    at = writeDecimal(b, at, st);
    at = copy(b, at, outcomes[o]);
    if (errJson !== undefined) {
      at = copy(b, at, errKey);
      at += b.write(errJson, at, "utf8");
    }
    b[at++] = 0x7d;
    b[at++] = 0x0a;
    this.used = at;
    if (at >= this.chunkBytes) this.flush();
  }

  /** Starts writing what is buffered; writes are chained so the file keeps record order. */
  flush(): void {
    if (this.used === 0) return;
    const chunk = this.chunk;
    const bytes = chunk.subarray(0, this.used);
    this.chunk = this.spare.pop() ?? Buffer.allocUnsafe(this.chunkBytes);
    this.used = 0;
    this.writingBytes += bytes.length;
    this.writing = this.writing.then(async () => {
      if (this.failure !== null) return;
      try {
        await this.sink.write(bytes);
      } catch (error) {
        this.failure = error;
      } finally {
        this.writingBytes -= bytes.length;
        // A few chunks are kept for reuse; a backlog's worth is left to the GC once the disk caught up.
        if (chunk.length === this.chunkBytes && this.spare.length < 4) this.spare.push(chunk);
      }
    });
  }

  /** Writes everything buffered, then the closing record, then closes the file. */
  async close(): Promise<LedgerCounts> {
    if (this.closed) return this.counts;
    this.closed = true;
    const close: LedgerClose = { end: true, worker: this.worker, ...this.counts };
    const line = Buffer.from(`${JSON.stringify(close)}\n`);
    this.reserve(line.length);
    this.used = copy(this.chunk, this.used, line);
    this.flush();
    await this.writing;
    await this.sink.close();
    if (this.failure !== null) throw this.failure;
    return this.counts;
  }

  /** Makes room for `bytes` in the current chunk: writes it out first if full, and a record longer than a chunk
   * gets a chunk of its own size. */
  private reserve(bytes: number): void {
    if (this.used + bytes <= this.chunk.length) return;
    this.flush();
    if (bytes > this.chunk.length) {
      if (this.chunk.length === this.chunkBytes) this.spare.push(this.chunk);
      this.chunk = Buffer.allocUnsafe(bytes);
    }
  }
}
