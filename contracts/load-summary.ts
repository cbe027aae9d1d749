// load-summary.json: what the engine did, per second and in total (the report's client-side series).

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

export interface LoadSecond {
  /** Epoch seconds. */
  t: number;
  planned: number;
  /** Arrivals fired into a channel, on plan unless the engine itself fell behind. */
  sent: number;
  /**
   * Messages written to the wire (the request's socket write, or the batch call) in this second: below `sent` while
   * messages wait for a free connection, above it while a backlog drains. Absent in files written before it was
   * recorded.
   */
  written?: number;
  dropped: number;
  acc: number;
  rej: number;
  unk: number;
  inFlight: number;
  /** Latency from intended send time (coordinated-omission free), ms. */
  latency: LatencySummary | null;
  /** Actual minus intended send time, ms: the request's socket write (or batch call) against the plan. */
  sendLagP99: number | null;
  /**
   * Fired minus intended, ms: the scheduler's own part of the send lag. When the send lag is far above it, messages
   * waited for a free connection (the target answered slowly), not for the engine. Absent in files written before
   * it was recorded.
   */
  fireLagP99?: number | null;
  status: Record<string, number>;
}

export interface ThresholdResult {
  metric: string;
  expression: string;
  ok: boolean;
  value: number | null;
  abortOnFail: boolean;
}

export interface LoadSummary {
  schemaVersion: 1;
  runId: string;
  scenario: string;
  segment: { index: number; count: number } | null;
  startedAt: number;
  endedAt: number;
  plannedArrivals: number;
  sent: number;
  dropped: number;
  acc: number;
  rej: number;
  unk: number;
  byChannel: Record<string, { sent: number; acc: number; rej: number; unk: number }>;
  status: Record<string, number>;
  latency: { intended: LatencySummary | null; actual: LatencySummary | null };
  thresholds: ThresholdResult[];
  aborted: { reason: string; at: number } | null;
  interrupted: boolean;
  perSecond: LoadSecond[];
}
