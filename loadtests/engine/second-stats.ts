// Per-second counters and histograms: a shard fills the current second and hands closed ones to the aggregator.
import type { Channel, Outcome } from "../../contracts/ledger.ts";
import { Histogram, type HistogramData } from "./histogram.ts";

interface ChannelCounts {
  sent: number;
  acc: number;
  rej: number;
  unk: number;
}

/** One flow step's calls in a second (or a run): counts by outcome and their durations. */
export interface StepData {
  calls: number;
  acc: number;
  rej: number;
  unk: number;
  duration: HistogramData;
}

class StepCounter {
  calls = 0;
  acc = 0;
  rej = 0;
  unk = 0;
  readonly duration = new Histogram();
}

export interface SecondData {
  /** Epoch seconds. */
  t: number;
  planned: number;
  /** Arrivals fired (handed to a channel). */
  sent: number;
  /** Messages written to the wire (socket write, batch call): behind `sent` while messages wait for a connection. */
  written: number;
  dropped: number;
  acc: number;
  rej: number;
  unk: number;
  byChannel: Record<string, ChannelCounts>;
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
  /** A flow's calls by step (undefined on the declarative path, and in a second with no call). */
  steps: Record<string, StepData> | undefined;
}

/** The current second of a shard; handed over as data() when it closes, then reset and reused for the next one. */
export class SecondStats {
  t: number;
  planned = 0;
  sent = 0;
  written = 0;
  dropped = 0;
  acc = 0;
  rej = 0;
  unk = 0;
  /** One fixed-shape set of counters per channel, zeroed each second: see channel(). */
  private readonly channels: Record<Channel, ChannelCounts> = {
    http: { sent: 0, acc: 0, rej: 0, unk: 0 },
    events: { sent: 0, acc: 0, rej: 0, unk: 0 },
    sqs: { sent: 0, acc: 0, rej: 0, unk: 0 },
    sfn: { sent: 0, acc: 0, rej: 0, unk: 0 },
    lambda: { sent: 0, acc: 0, rej: 0, unk: 0 },
  };
  /** Outcomes by HTTP status or error; statuses 100-599 are counted in statusCounts until data() names them. */
  status: Record<string, number> = {};
  /** Per HTTP status, so settle makes no string per message and stores into no dictionary (data() merges them). */
  private readonly statusCounts = new Uint32Array(600);
  readonly intended = new Histogram();
  readonly duration = new Histogram();
  readonly lag = new Histogram();
  readonly fireLag = new Histogram();
  /** A flow's steps, made on their first call and zeroed each second; empty on the declarative path. */
  private readonly steps = new Map<string, StepCounter>();

  constructor(t: number) {
    this.t = t;
  }

  /**
   * A channel's counters this second: the same three objects all run long, zeroed each second, so the optimised code
   * never meets a new shape (the hot-path rule, loadtests/engine/README.md).
   */
  channel(ch: Channel): ChannelCounts {
    return this.channels[ch];
  }

  /** A copy that can be posted to the main thread (histograms as their non-empty buckets). */
  data(): SecondData {
    return {
      t: this.t,
      planned: this.planned,
      sent: this.sent,
      written: this.written,
      dropped: this.dropped,
      acc: this.acc,
      rej: this.rej,
      unk: this.unk,
      byChannel: this.byChannel(),
      status: this.statusData(),
      intended: this.intended.snapshot(),
      duration: this.duration.snapshot(),
      lag: this.lag.snapshot(),
      fireLag: this.fireLag.snapshot(),
      steps: this.steps.size === 0 ? undefined : this.stepData(),
    };
  }

  /**
   * One settled message by its HTTP status or, without one (status 0), by its error: free-form errors are lumped as
   * "error" so the map stays small.
   */
  countStatus(status: number, err: string | undefined): void {
    if (status >= 100 && status < 600) {
      this.statusCounts[status] = (this.statusCounts[status] as number) + 1;
      return;
    }
    const key = status !== 0 ? String(status) : err !== undefined && err.length <= 40 ? err : "error";
    this.status[key] = (this.status[key] ?? 0) + 1;
  }

  /** The status map with the counted statuses in it (the map is handed over: reset() starts a new one). */
  private statusData(): Record<string, number> {
    const out = this.status;
    const counts = this.statusCounts;
    for (let status = 100; status < 600; status++)
      if (counts[status] !== 0) out[String(status)] = counts[status] as number;
    return out;
  }

  /** A flow's call of step `name` ended after `durationMs` with `outcome`. */
  step(name: string, durationMs: number, outcome: Outcome): void {
    let c = this.steps.get(name);
    if (c === undefined) {
      c = new StepCounter();
      this.steps.set(name, c);
    }
    c.calls++;
    if (outcome === "acc") c.acc++;
    else if (outcome === "rej") c.rej++;
    else c.unk++;
    c.duration.recordMs(durationMs);
  }

  private stepData(): Record<string, StepData> | undefined {
    let out: Record<string, StepData> | undefined;
    for (const [name, c] of this.steps) {
      if (c.calls === 0) continue;
      out ??= {};
      out[name] = { calls: c.calls, acc: c.acc, rej: c.rej, unk: c.unk, duration: c.duration.snapshot() };
    }
    return out;
  }

  /** The channels that saw a message this second, as a copy. */
  private byChannel(): SecondData["byChannel"] {
    const out: SecondData["byChannel"] = {};
    for (const [ch, c] of Object.entries(this.channels))
      if (c.sent + c.acc + c.rej + c.unk > 0) out[ch] = { sent: c.sent, acc: c.acc, rej: c.rej, unk: c.unk };
    return out;
  }

  /** Empty again, for second t (the counters' memory is kept: the same four histograms serve the whole run). */
  reset(t: number): void {
    this.t = t;
    this.planned = this.sent = this.written = this.dropped = this.acc = this.rej = this.unk = 0;
    // data() handed the status map over; a new one for the new second.
    this.status = {};
    this.statusCounts.fill(0);
    for (const c of Object.values(this.channels)) c.sent = c.acc = c.rej = c.unk = 0;
    this.intended.reset();
    this.duration.reset();
    this.lag.reset();
    this.fireLag.reset();
    for (const c of this.steps.values()) {
      c.calls = c.acc = c.rej = c.unk = 0;
      c.duration.reset();
    }
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
