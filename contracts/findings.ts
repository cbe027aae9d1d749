// Findings (result.json): what the report says happened and why, as typed data with its evidence; every reporter renders the same list.
import type { MessageClass } from "./verdict.ts";

export type Severity = "info" | "warning" | "problem";

/** Where a piece of evidence was read, so a reader can check it in the run directory. */
export type EvidenceSource =
  | "load-summary"
  | "ledger"
  | "samples"
  | "metrics"
  | "verify"
  | "chaos"
  | "plan"
  | "compare"
  | "outputs";

export interface Evidence {
  label: string;
  value: string;
  source: EvidenceSource;
}

/** Epoch seconds, end exclusive. */
export interface TimeWindow {
  start: number;
  end: number;
}

/** A series whose level inside a window differs from its level outside it. */
export interface Mover {
  series: string;
  source: EvidenceSource;
  inside: number;
  outside: number;
  /** Difference in units of the outside spread: how unusual the window is for this series. */
  score: number;
}

interface FindingBase {
  severity: Severity;
  title: string;
  /** One or two sentences in plain words. */
  summary: string;
  window: TimeWindow | null;
  evidence: Evidence[];
}

export interface ThrottleOnsetFinding extends FindingBase {
  kind: "throttleOnset";
  at: number;
  offeredRate: number;
  acceptedRate: number;
  rejectedRate: number;
  /** Median accepted rate over the seconds with rejections: the ceiling the target showed. */
  acceptedCeiling: number;
  rejectedTotal: number;
  throttled429Total: number;
  /** Platform metrics with role throttle that were non-zero from the onset on. */
  platformThrottles: string[];
  /** The chaos step whose window the onset fell in (the cause named instead of the offered rate), else null. */
  chaosAction: string | null;
}

export interface DlqLagFinding extends FindingBase {
  kind: "dlqLag";
  throttleStart: number;
  dlqStart: number;
  lagSeconds: number;
  /** Lag at which the two per-second series correlate best, when there is enough signal. */
  correlatedLagSeconds: number | null;
  dlqArrivals: number;
  dlqSource: EvidenceSource;
}

export interface ClusterFinding extends FindingBase {
  kind: "cluster";
  messageClass: MessageClass;
  count: number;
  inside: number;
  share: number;
  clustered: boolean;
  movers: Mover[];
}

export interface DrainFinding extends FindingBase {
  kind: "drain";
  /** From load end until every watched queue was empty, measured from samples (else the verifier's wait). */
  drainSeconds: number | null;
  timedOut: boolean;
  remaining: Record<string, number>;
}

export interface LatencyFinding extends FindingBase {
  kind: "e2eLatency";
  e2e: { count: number; p50: number; p90: number; p95: number; p99: number; max: number } | null;
  client: { p50: number; p95: number; p99: number; max: number } | null;
}

export interface EngineLagFinding extends FindingBase {
  kind: "engineLag";
  /** Seconds whose arrivals the engine itself fired over lagLimitMs late (p99), in runs of sustainedSeconds or more. */
  laggingSeconds: number;
  /** The longest run of consecutive such seconds. */
  longestRunSeconds: number;
  lagLimitMs: number;
  worstLagMs: number | null;
  /** Epoch second of the worst fire lag. */
  worstAt: number | null;
}

/** The target could not keep up with what was offered: evidence from the client side, never from the engine's lag. */
export interface TargetSaturatedFinding extends FindingBase {
  kind: "targetSaturated";
  /** Load-dependent evidence (latency climbing, arrivals dropped, waits for a connection); false: unknown outcomes alone. */
  saturated: boolean;
  /** Outcomes the client could not know (timeouts, 5xx, cut at the graceful stop), and their share of those sent. */
  unknown: number;
  unknownShare: number;
  timeouts: number;
  /** Messages still waiting for an answer when the graceful stop ended the load. */
  interrupted: number;
  /** Arrivals not sent because maxInFlight messages were waiting for an answer. */
  dropped: number;
  /** Seconds whose messages were fired on time and then waited for a free connection (the target answered slowly). */
  waitingSeconds: number;
  /** Client latency p99 early in the load (median of its first seconds) and at its worst, ms. */
  latencyP99Early: number | null;
  latencyP99Worst: number | null;
  latencyWorstAt: number | null;
}

export interface ChaosFinding extends FindingBase {
  kind: "chaos";
  action: string;
  /** The window as it really happened, epoch ms (end null: not ended before the load did). */
  startMs: number;
  endMs: number | null;
  params: Record<string, string | number | boolean>;
  error: string | null;
  inside: ChaosStats;
  before: ChaosStats;
  movers: Mover[];
}

export interface ChaosStats {
  seconds: number;
  sent: number;
  rejectedShare: number;
  p99: number | null;
  dlqArrivals: number;
  lost: number;
  deadLettered: number;
}

/** The --compare baseline was run with another rate or duration (compare.json's differences): its figures compare with care. */
export interface BaselineDiffersFinding extends FindingBase {
  kind: "baselineDiffers";
  baseline: string;
}

/** The target refused requests as unauthenticated or forbidden (HTTP 401/403): a token or signature it did not take. */
export interface AuthRefusedFinding extends FindingBase {
  kind: "authRefused";
  unauthorized: number;
  forbidden: number;
  /** The target's http.auth type from plan.json ("sigv4", "token", ...), or null when it has none. */
  auth: string | null;
}

/** A chained sink (a stream projection) that did not get every message its upstream sink got (verify.json's chain). */
export interface ChainLinkFinding extends FindingBase {
  kind: "chainLink";
  sink: string;
  after: string;
  expected: number;
  lost: number;
  duplicated: number;
  deadLettered: number;
  unexpected: number;
}

/** Sagas the step tables show half done: a committed step whose compensation never ran (verify.json's saga check). */
export interface SagaHalfDoneFinding extends FindingBase {
  kind: "sagaHalfDone";
  halfDone: number;
  /** How many half-done sagas left each step uncompensated. */
  byStep: Record<string, number>;
  /** Up to a few IDs with the steps each left. */
  sample: Array<{ id: string; left: string[] }>;
}

/** A metrics output (outputs.json) did not get every second out: the run's own artifacts are whole, the live copy is not. */
export interface OutputsDroppedFinding extends FindingBase {
  kind: "outputsDropped";
  output: "otlp" | "prometheus";
  intervals: number;
  dropped: number;
}

/** A function invoked asynchronously: its retries, dropped events and event age (AWS/Lambda async metrics). */
export interface AsyncRetriesFinding extends FindingBase {
  kind: "asyncRetries";
  functionName: string;
  received: number;
  invocations: number;
  /** Invocations beyond one per event received. */
  retries: number;
  errors: number;
  throttles: number;
  /** Events that failed for good (sent to the destination or DLQ when one is configured). */
  dropped: number;
  destinationFailures: number;
  /** The highest AsyncEventAge of the run, ms; null when not collected. */
  eventAgeMaxMs: number | null;
}

export type Finding =
  | SagaHalfDoneFinding
  | AsyncRetriesFinding
  | ChainLinkFinding
  | AuthRefusedFinding
  | OutputsDroppedFinding
  | ThrottleOnsetFinding
  | BaselineDiffersFinding
  | DlqLagFinding
  | ClusterFinding
  | DrainFinding
  | LatencyFinding
  | EngineLagFinding
  | TargetSaturatedFinding
  | ChaosFinding;
