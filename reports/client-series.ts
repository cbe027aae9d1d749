// Client-side series per second (offered, accepted, rejected, 429, latency) from load-summary.json, or the ledger if it is missing.
import type { LedgerRecord } from "../contracts/ledger.ts";
import type { LoadSecond } from "../contracts/load-summary.ts";

export interface ClientSecond {
  /** Epoch seconds. */
  t: number;
  /** What the scenario planned to send that second (the open model's arrival rate). */
  offered: number;
  sent: number;
  /** Written to the wire that second (below sent while messages wait for a connection); null from the ledger or an older load-summary. */
  written: number | null;
  acc: number;
  rej: number;
  /** HTTP 429s among the rejections (the API's throttling). */
  throttled: number;
  unk: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  /** Arrivals the engine did not send (maxInFlight reached); 0 when read from the ledger, which has no plan. */
  dropped: number;
  /** The engine's send lag p99 (actual minus intended send time), ms; null when read from the ledger. */
  sendLagP99: number | null;
  /** Its scheduler's part (fired minus intended), ms; null when read from the ledger or an older load-summary. */
  fireLagP99: number | null;
}

/**
 * What the target said to slow down: HTTP 429 (API Gateway), and the AWS error code a PutEvents entry or an SQS batch
 * entry carries (ledger `err`, load-summary status key). Other 4xx (validation, conflicts) are rejections, not throttling.
 */
export const throttleKeys: readonly string[] = ["429", "ThrottlingException", "RequestThrottled"];

export function fromLoadSummary(perSecond: readonly LoadSecond[]): ClientSecond[] {
  return perSecond
    .map((s) => ({
      t: s.t,
      offered: s.planned,
      sent: s.sent,
      written: s.written ?? null,
      acc: s.acc,
      rej: s.rej,
      throttled: throttleKeys.reduce((sum, key) => sum + (s.status[key] ?? 0), 0),
      unk: s.unk,
      p50: s.latency?.p50 ?? null,
      p95: s.latency?.p95 ?? null,
      p99: s.latency?.p99 ?? null,
      dropped: s.dropped,
      sendLagP99: s.sendLagP99,
      fireLagP99: s.fireLagP99 ?? null,
    }))
    .sort((a, b) => a.t - b.t);
}

/**
 * Folds ledger records into seconds. The ledger has no planned rate, so offered is what was sent; latency is the
 * measured duration (from actual send), which understates it when the sender fell behind: load-summary is preferred.
 */
export class LedgerSeriesBuilder {
  private readonly seconds = new Map<number, { rec: ClientSecond; durs: number[] }>();

  add(record: LedgerRecord): void {
    const t = Math.floor(record.ts / 1000);
    let slot = this.seconds.get(t);
    if (slot === undefined) {
      slot = {
        rec: {
          t,
          offered: 0,
          sent: 0,
          written: null,
          acc: 0,
          rej: 0,
          throttled: 0,
          unk: 0,
          p50: null,
          p95: null,
          p99: null,
          dropped: 0,
          sendLagP99: null,
          fireLagP99: null,
        },
        durs: [],
      };
      this.seconds.set(t, slot);
    }
    const r = slot.rec;
    r.offered++;
    r.sent++;
    if (record.o === "acc") r.acc++;
    else if (record.o === "rej") r.rej++;
    else r.unk++;
    if (record.st === 429 || (record.err !== undefined && throttleKeys.includes(record.err))) r.throttled++;
    slot.durs.push(record.dur);
  }

  build(): ClientSecond[] {
    const out: ClientSecond[] = [];
    for (const { rec, durs } of this.seconds.values()) {
      durs.sort((a, b) => a - b);
      out.push({ ...rec, p50: quantile(durs, 0.5), p95: quantile(durs, 0.95), p99: quantile(durs, 0.99) });
    }
    return out.sort((a, b) => a.t - b.t);
  }
}

/** Nearest-rank quantile of an ascending array. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] ?? null;
}
