// verify.json: every ledger ID in exactly one class, and the three-valued verdict (DESIGN.md, Jepsen's model).

export type Valid = true | false | "unknown";

export const messageClasses = [
  "delivered",
  "duplicated",
  "deadLettered",
  "lost",
  "inFlight",
  "rejected",
  "rejectedButDelivered",
  "unknownDelivered",
  "unknownNotDelivered",
  "unexpected",
] as const;

export type MessageClass = (typeof messageClasses)[number];

export interface ClassResult {
  count: number;
  /** Up to a capped number of IDs, inline. */
  sample: string[];
  /** Relative path (in the run directory) of the full ID list, one ID a line, when count > 0. */
  file?: string;
}

export interface SourceStatus {
  name: string;
  /** Items or messages read. */
  read: number;
  complete: boolean;
  error?: string;
}

export interface Verdict {
  schemaVersion: 1;
  runId: string;
  verifiedAt: string;
  valid: Valid;
  /** Why valid is false or unknown (empty when true). */
  reasons: string[];
  totals: {
    ledger: number;
    accepted: number;
    rejected: number;
    unknown: number;
    sinkItems: number;
    dlqMessages: number;
  };
  classes: Record<MessageClass, ClassResult>;
  /** End-to-end latency (sink processedAt - payload sentAt), ms; null when the sink does not record times. */
  e2eLatency: { count: number; p50: number; p90: number; p95: number; p99: number; max: number } | null;
  /** Per class, counts by send second (epoch seconds), for clustering in the report. */
  bySecond: Partial<Record<MessageClass, Array<[number, number]>>>;
  sources: {
    ledger: { files: number; complete: boolean; problems: string[] };
    sinks: SourceStatus[];
    /** archived: this run's messages this verification moved to the DLQ's archive queue (when it has one). */
    dlqs: Array<SourceStatus & { unparseable: number; unparseableSample: string[]; archived?: number }>;
  };
  drain: { waitedMs: number; timedOut: boolean; remaining: Record<string, number> } | null;
}
