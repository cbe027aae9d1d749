// Ledger records (DESIGN.md): one NDJSON file per worker, one record per message, a closing record last.

export type Channel = "http" | "events" | "sqs" | "sfn" | "lambda";

/** acc: definite success; rej: definite failure the client saw; unk: may or may not have been processed. */
export type Outcome = "acc" | "rej" | "unk";

export interface LedgerRecord {
  /** `<runId>-<scenario>-<n>` */
  id: string;
  /** Actual send time, epoch milliseconds. */
  ts: number;
  /** Milliseconds from actual send to the outcome. */
  dur: number;
  ch: Channel;
  /** HTTP status, or 0 where there is none (PutEvents entry, SQS batch entry, connection error). */
  st: number;
  o: Outcome;
  /** Error code or message, for rej and unk. */
  err?: string;
}

/** The last line of a complete ledger file: its own counts, so a file cut short by a crash is detectable. */
export interface LedgerClose {
  end: true;
  worker: string;
  count: number;
  acc: number;
  rej: number;
  unk: number;
}

export const ledgerDirName = "ledger";

/**
 * The ledger file (without `.ndjson`) of one worker of a load: `w0`, or `s2of8-w0` for a segment. The engine names its
 * files with it and the verifier derives from it which files a load should have left (workers x segments).
 */
export function ledgerFileName(segment: { index: number; count: number } | null, worker: number): string {
  return segment === null ? `w${worker}` : `s${segment.index}of${segment.count}-w${worker}`;
}
