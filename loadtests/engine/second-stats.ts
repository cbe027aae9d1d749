// Per-second counters and histograms: a shard fills the current second and hands closed ones to the aggregator.
import { Histogram, type HistogramData } from "./histogram.ts";

export interface SecondData {
  /** Epoch seconds. */
  t: number;
  planned: number;
  sent: number;
  dropped: number;
  acc: number;
  rej: number;
  unk: number;
  byChannel: Record<string, { sent: number; acc: number; rej: number; unk: number }>;
  status: Record<string, number>;
  /** Intended send to outcome. */
  intended: HistogramData;
  /** Actual send to outcome. */
  duration: HistogramData;
  /**
   * Actual minus intended send time, recorded when the outcome is known: "actual" is when the request was written
   * to its socket (or the batch call made), so a wait for a free connection counts as lag.
   */
  lag: HistogramData;
  /** Fired minus intended: the scheduler's own timing, before any wait in the transport. */
  fireLag: HistogramData;
}

export class SecondStats {
  readonly t: number;
  planned = 0;
  sent = 0;
  dropped = 0;
  acc = 0;
  rej = 0;
  unk = 0;
  byChannel: Record<string, { sent: number; acc: number; rej: number; unk: number }> = {};
  status: Record<string, number> = {};
  readonly intended = new Histogram();
  readonly duration = new Histogram();
  readonly lag = new Histogram();
  readonly fireLag = new Histogram();

  constructor(t: number) {
    this.t = t;
  }

  channel(ch: string): { sent: number; acc: number; rej: number; unk: number } {
    let c = this.byChannel[ch];
    if (c === undefined) {
      c = { sent: 0, acc: 0, rej: 0, unk: 0 };
      this.byChannel[ch] = c;
    }
    return c;
  }

  data(): SecondData {
    return {
      t: this.t,
      planned: this.planned,
      sent: this.sent,
      dropped: this.dropped,
      acc: this.acc,
      rej: this.rej,
      unk: this.unk,
      byChannel: this.byChannel,
      status: this.status,
      intended: this.intended,
      duration: this.duration,
      lag: this.lag,
      fireLag: this.fireLag,
    };
  }
}

/** What a shard reports a few times a second. */
export interface ShardReport {
  /** Seconds that will receive no more events from this shard. */
  closed: SecondData[];
  /** Every second before this one (epoch s) is closed on this shard. */
  through: number;
  inFlight: number;
}
