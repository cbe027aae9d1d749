// The reference app's fault controls and bug modes: names, ranges and defaults, shared by the CLI, the control endpoint and tests.
import type { LocalTargetConfig } from "../config/schema-target.ts";

type Kind = "fraction" | "ms" | "count" | "perSecond";

interface ControlSpec {
  kind: Kind;
  description: string;
}

export const faultSpecs = {
  consumerErrorRate: { kind: "fraction", description: "share of records the consumer fails (partial batch failure)" },
  consumerErrorAfterRate: {
    kind: "fraction",
    description: "share of records failed after the consumer processed them (a crash before the ack: redelivered)",
  },
  consumerLatencyMs: { kind: "ms", description: "latency added to every consumer invocation" },
  consumerMaxConcurrency: {
    kind: "count",
    description:
      "the function's concurrency limit (reserved concurrency); 0 = unlimited; below the pollers it throttles",
  },
  consumerBatchWindowMs: {
    kind: "ms",
    description: "the event source mapping's MaximumBatchingWindow: gather up to this long for a full batch",
  },
  gatewayRate: { kind: "perSecond", description: "API Gateway stage throttling: steady rate (requests/s)" },
  gatewayBurst: { kind: "count", description: "API Gateway stage throttling: burst (bucket size)" },
  gatewayLatencyMs: { kind: "ms", description: "latency added before the SQS integration call" },
  gatewayTimeoutMs: { kind: "ms", description: "integration timeout; the gateway answers 504 past it" },
  gatewayBatchWindowMs: {
    kind: "ms",
    description: "how long the SQS integration gathers messages into one SendMessageBatch (0: what arrived together)",
  },
  eventsPutRate: {
    kind: "perSecond",
    description: "PutEvents quota (entries/s); above it entries get ThrottlingException",
  },
  eventsTargetFailureRate: {
    kind: "fraction",
    description: "share of EventBridge deliveries to the SQS target that fail",
  },
  eventsMaxRetryAttempts: { kind: "count", description: "the rule target's RetryPolicy.MaximumRetryAttempts" },
  eventsMaxEventAgeSeconds: { kind: "count", description: "the rule target's RetryPolicy.MaximumEventAgeInSeconds" },
  eventsBackoffBaseMs: { kind: "ms", description: "first retry delay; doubles per attempt (with jitter)" },
  sagaReserveFailureRate: { kind: "fraction", description: "share of the saga's reserve steps that fail (saga: {})" },
  sagaChargeFailureRate: {
    kind: "fraction",
    description: "share of the saga's charge steps that fail; the reservation is then compensated",
  },
  sagaShipFailureRate: {
    kind: "fraction",
    description: "share of the saga's ship steps that fail; the charge and the reservation are then compensated",
  },
  asyncErrorRate: {
    kind: "fraction",
    description:
      "share of the async function's invocations that fail (a function error: retried, then the destination)",
  },
  asyncMaxConcurrency: {
    kind: "count",
    description:
      "the async function's concurrency limit; 0 = its configured one; events over it are throttled and requeued",
  },
  asyncMaxRetryAttempts: {
    kind: "count",
    description: "the async function's MaximumRetryAttempts (AWS: 0 to 2, default 2)",
  },
  asyncMaxEventAgeSeconds: {
    kind: "count",
    description: "the async function's MaximumEventAgeInSeconds, in AWS seconds (scaled by asyncFunction.timeScale)",
  },
  projectionErrorRate: {
    kind: "fraction",
    description: "share of stream batches the projection consumer fails (a function error: retried, bisected, sent on)",
  },
} as const satisfies Record<string, ControlSpec>;

export const bugSpecs = {
  silentDrop: { kind: "fraction", description: "report success for a record without writing it (the message is lost)" },
  ackBeforeWrite: {
    kind: "fraction",
    description: "delete a message before writing it, then crash the invocation (the message is lost)",
  },
  doubleWrite: { kind: "fraction", description: "write a record twice under two keys (the message is duplicated)" },
  sagaSkipCompensation: {
    kind: "fraction",
    description: "a saga compensation reports success without undoing its step (the order is left half done)",
  },
  asyncRetryDrop: {
    kind: "fraction",
    description: "the async function's internal queue drops a retry it should make, silently (the event is lost)",
  },
  skipRecord: {
    kind: "fraction",
    description: "the projection consumer skips a stream record and reports success (lost at the projection)",
  },
} as const satisfies Record<string, ControlSpec>;

export type FaultName = keyof typeof faultSpecs;
export type BugMode = keyof typeof bugSpecs;
export type Faults = Record<FaultName, number>;
export type Bugs = Record<BugMode, number>;

export const faultNames = Object.keys(faultSpecs) as FaultName[];
export const bugModes = Object.keys(bugSpecs) as BugMode[];

/**
 * The bug modes planted in the reference SQS consumer's code. With the team's consumer in its place there is no code
 * for them to act in: they are refused (not silently ignored) wherever they can be set.
 */
export const consumerBugModes: readonly BugMode[] = ["silentDrop", "ackBeforeWrite", "doubleWrite"];

/** Consumer bug modes set above 0 for a target that runs the team's consumer, each as a problem. */
export function bugsRefusedWithTeamConsumer(values: Record<string, number | string | boolean>): ControlProblem[] {
  return Object.entries(values)
    .filter(([name, value]) => (consumerBugModes as readonly string[]).includes(name) && coerce(value) !== 0)
    .map(([name]) => ({
      name,
      message:
        "is a bug mode of the reference consumer; the team's consumer (functions.consumer) runs in its place and has its own bugs, so it would do nothing",
    }));
}

export function isFaultName(name: string): name is FaultName {
  return Object.hasOwn(faultSpecs, name);
}

export function isBugMode(name: string): name is BugMode {
  return Object.hasOwn(bugSpecs, name);
}

/** Starting values: the target's knobs, and AWS's own defaults for the EventBridge and async-invocation retries. */
export function defaultFaults(target: LocalTargetConfig): Faults {
  return {
    consumerErrorRate: 0,
    consumerErrorAfterRate: 0,
    consumerLatencyMs: 0,
    consumerMaxConcurrency: 0,
    consumerBatchWindowMs: 0,
    gatewayRate: target.gateway.rate,
    gatewayBurst: target.gateway.burst,
    gatewayLatencyMs: 0,
    gatewayTimeoutMs: 29_000,
    gatewayBatchWindowMs: 2,
    eventsPutRate: target.eventsPutRate,
    eventsTargetFailureRate: 0,
    eventsMaxRetryAttempts: 185,
    eventsMaxEventAgeSeconds: 86_400,
    eventsBackoffBaseMs: 1_000,
    sagaReserveFailureRate: 0,
    sagaChargeFailureRate: 0,
    sagaShipFailureRate: 0,
    asyncErrorRate: 0,
    asyncMaxConcurrency: 0,
    asyncMaxRetryAttempts: target.asyncFunction?.maximumRetryAttempts ?? 2,
    asyncMaxEventAgeSeconds: target.asyncFunction?.maximumEventAgeSeconds ?? 21_600,
    projectionErrorRate: 0,
  };
}

export function noBugs(): Bugs {
  return Object.fromEntries(bugModes.map((mode) => [mode, 0])) as Bugs;
}

/** Why a value is out of range for its control, or undefined when it is fine. */
export function checkValue(name: FaultName | BugMode, value: number): string | undefined {
  const kind: Kind = isFaultName(name) ? faultSpecs[name].kind : bugSpecs[name].kind;
  if (!Number.isFinite(value)) return "must be a number";
  switch (kind) {
    case "fraction":
      return value >= 0 && value <= 1 ? undefined : "must be between 0 and 1";
    case "ms":
      return value >= 0 ? undefined : "must be 0 or more milliseconds";
    case "count":
      return Number.isInteger(value) && value >= 0 ? undefined : "must be a whole number, 0 or more";
    case "perSecond":
      return value > 0 ? undefined : "must be more than 0";
  }
}

export function coerce(value: number | string | boolean): number {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") return value;
  if (value.trim() === "") return Number.NaN;
  return Number(value);
}

export interface ControlProblem {
  name: string;
  message: string;
}

/** Splits a flat NAME=VALUE map into faults and bugs, every problem reported at once. */
export function sortControls(values: Record<string, number | string | boolean>): {
  faults: Partial<Faults>;
  bugs: Partial<Bugs>;
  problems: ControlProblem[];
} {
  const faults: Partial<Faults> = {};
  const bugs: Partial<Bugs> = {};
  const problems: ControlProblem[] = [];
  for (const [name, raw] of Object.entries(values)) {
    if (!isFaultName(name) && !isBugMode(name)) {
      problems.push({ name, message: "is not a fault control or bug mode" });
      continue;
    }
    const value = coerce(raw);
    const problem = checkValue(name, value);
    if (problem !== undefined) problems.push({ name, message: problem });
    else if (isFaultName(name)) faults[name] = value;
    else bugs[name] = value;
  }
  return { faults, bugs, problems };
}

/** `NAME=VALUE` strings as the CLI takes them. */
export function parseAssignments(assignments: readonly string[]): {
  values: Record<string, string>;
  problems: ControlProblem[];
} {
  const values: Record<string, string> = {};
  const problems: ControlProblem[] = [];
  for (const assignment of assignments) {
    const eq = assignment.indexOf("=");
    if (eq <= 0) problems.push({ name: assignment, message: "must be NAME=VALUE" });
    else values[assignment.slice(0, eq).trim()] = assignment.slice(eq + 1).trim();
  }
  return { values, problems };
}
