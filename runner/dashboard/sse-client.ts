// One page's event stream: it is fed from the shared log at its own pace, and a page that stops reading is dropped.
import type { EventLog } from "./event-log.ts";

/** What a page's response must do: node's ServerResponse fits. */
export interface SseSink {
  /** false: the socket's buffer is full; wait for "drain" before writing more. */
  write(chunk: string): boolean;
  once(event: "drain", listener: () => void): unknown;
  destroy(): void;
}

export interface SseClientOptions {
  /** A page whose socket takes nothing for this long while frames wait is dropped. */
  stallMs: number;
  /** Characters per write: with the socket's own buffer, the most one page can hold in memory. */
  chunkChars: number;
  now?: () => number;
}

/**
 * Never waited for: the log grows whatever a page does, the page keeps only its place in it, and a write is made only
 * when the socket has room, so a slow page holds at most one chunk plus its socket buffer. A page that takes nothing
 * for stallMs while frames wait (a frozen tab, a stalled network) is dropped; a reconnect resumes where it was.
 */
export class SseClient {
  private next: number;
  private waitingSince: number | null = null;
  private closed = false;
  private readonly now: () => number;
  private readonly sink: SseSink;
  private readonly log: EventLog;
  private readonly options: SseClientOptions;

  constructor(sink: SseSink, log: EventLog, from: number, options: SseClientOptions) {
    this.sink = sink;
    this.log = log;
    this.options = options;
    this.next = from;
    this.now = options.now ?? Date.now;
  }

  /** Writes what the page has not got yet, as far as its socket takes it now. */
  pump(): void {
    while (!this.closed && this.waitingSince === null && this.next < this.log.length) {
      const { text, next } = this.log.chunk(this.next, this.options.chunkChars);
      this.next = next;
      if (!this.sink.write(text)) {
        this.waitingSince = this.now();
        this.sink.once("drain", () => {
          this.waitingSince = null;
          this.pump();
        });
      }
    }
  }

  /** Drops the page when its socket has taken nothing for stallMs; true when it was dropped. */
  dropIfStalled(): boolean {
    if (this.closed || this.waitingSince === null) return false;
    if (this.now() - this.waitingSince < this.options.stallMs) return false;
    this.close();
    this.sink.destroy();
    return true;
  }

  /** Every frame of the log written and taken by the socket. */
  get caughtUp(): boolean {
    return this.next >= this.log.length && this.waitingSince === null;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    this.closed = true;
  }
}
