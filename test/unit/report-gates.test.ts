// Gates judged into whole results, the run status, and the exit code each outcome maps to.
import { describe, expect, it } from "vitest";
import { type GatesConfig, type GatesInput, gatesSchema } from "../../config/schema-gates.ts";
import type { LoadSummary } from "../../contracts/load-summary.ts";
import type { Valid, Verdict } from "../../contracts/verdict.ts";
import type { DrainFinding } from "../../reports/findings/types.ts";
import { type GateResult, judgeGates } from "../../reports/gates.ts";
import { assembleResult, exitCodeFor } from "../../reports/result.ts";

function verdict(
  valid: Valid,
  counts: Partial<Record<"lost" | "deadLettered" | "duplicated" | "rejected", number>> = {},
): Verdict {
  const c = (n = 0) => ({ count: n, sample: [] });
  return {
    schemaVersion: 1,
    runId: "r",
    verifiedAt: "2027-01-15T08:00:00.000Z",
    valid,
    reasons: valid === true ? [] : ["because"],
    totals: { ledger: 1000, accepted: 900, rejected: 100, unknown: 0, sinkItems: 900, dlqMessages: 0 },
    classes: {
      delivered: c(900 - (counts.lost ?? 0) - (counts.deadLettered ?? 0)),
      duplicated: c(counts.duplicated),
      deadLettered: c(counts.deadLettered),
      lost: c(counts.lost),
      inFlight: c(),
      rejected: c(counts.rejected ?? 100),
      rejectedButDelivered: c(),
      unknownDelivered: c(),
      unknownNotDelivered: c(),
      unexpected: c(),
    },
    e2eLatency: { count: 900, p50: 40, p90: 80, p95: 120, p99: 400, max: 900 },
    bySecond: {},
    sources: { ledger: { files: 1, complete: true, problems: [] }, sinks: [], dlqs: [] },
    drain: null,
  };
}

function load(thresholds: LoadSummary["thresholds"] = [], aborted: LoadSummary["aborted"] = null): LoadSummary {
  return {
    schemaVersion: 1,
    runId: "r",
    scenario: "spike",
    segment: null,
    startedAt: 0,
    endedAt: 60_000,
    plannedArrivals: 1000,
    sent: 1000,
    dropped: 0,
    acc: 900,
    rej: 100,
    unk: 0,
    byChannel: {},
    status: {},
    latency: { intended: null, actual: null },
    thresholds,
    aborted,
    interrupted: false,
    perSecond: [],
  };
}

function drainFinding(drainSeconds: number | null, timedOut = false): DrainFinding {
  return {
    kind: "drain",
    severity: timedOut ? "problem" : "info",
    title: "",
    summary: "",
    window: null,
    evidence: [],
    drainSeconds,
    timedOut,
    remaining: {},
  };
}

const gates = (input: GatesInput = {}): GatesConfig => gatesSchema.parse(input);

describe("judgeGates", () => {
  it("passes a clean run on the default gates", () => {
    expect(judgeGates({ gates: gates(), verdict: verdict(true), load: load(), drain: null })).toEqual([
      {
        name: "verdict",
        kind: "verdict",
        status: "pass",
        actual: "true",
        limit: "true",
        message: "every accepted message is accounted for",
      },
      { name: "maxLost", kind: "gate", status: "pass", actual: "0", limit: "0", message: "0 lost (at most 0 allowed)" },
      {
        name: "maxUnexpected",
        kind: "gate",
        status: "pass",
        actual: "0",
        limit: "0",
        message: "0 unexpected (at most 0 allowed)",
      },
      {
        name: "maxUnknownShare",
        kind: "gate",
        status: "pass",
        actual: "0 %",
        limit: "10 %",
        message: "0 % with an unknown outcome (at most 10 %)",
      },
    ]);
  });

  it("judges every configured gate against the verdict, the load and the drain", () => {
    const result = judgeGates({
      gates: gates({
        maxLost: 0,
        maxDeadLettered: 5,
        maxDuplicated: 0,
        maxRejectedShare: 0.05,
        maxUnknownShare: 0.01,
        e2eLatencyMs: { "p(99)": 300, "p(95)": 500, "p(99.9)": 1000 },
        maxDrain: "30s",
      }),
      verdict: verdict(false, { lost: 2, deadLettered: 5, duplicated: 1 }),
      load: load([{ metric: "http_req_duration", expression: "p(95)<500", ok: false, value: 612, abortOnFail: false }]),
      drain: drainFinding(12),
    });
    expect(result).toEqual<GateResult[]>([
      {
        name: "verdict",
        kind: "verdict",
        status: "pass",
        actual: "false",
        limit: "true",
        message: "accounting false only through lost messages, which maxLost judge",
      },
      { name: "maxLost", kind: "gate", status: "fail", actual: "2", limit: "0", message: "2 lost (at most 0 allowed)" },
      {
        name: "maxUnexpected",
        kind: "gate",
        status: "pass",
        actual: "0",
        limit: "0",
        message: "0 unexpected (at most 0 allowed)",
      },
      {
        name: "maxDeadLettered",
        kind: "gate",
        status: "pass",
        actual: "5",
        limit: "5",
        message: "5 dead-lettered (at most 5 allowed)",
      },
      {
        name: "maxDuplicated",
        kind: "gate",
        status: "fail",
        actual: "1",
        limit: "0",
        message: "1 duplicated (at most 0 allowed)",
      },
      {
        name: "maxRejectedShare",
        kind: "gate",
        status: "fail",
        actual: "10 %",
        limit: "5 %",
        message: "10 % rejected (at most 5 %)",
      },
      {
        name: "maxUnknownShare",
        kind: "gate",
        status: "pass",
        actual: "0 %",
        limit: "1 %",
        message: "0 % with an unknown outcome (at most 1 %)",
      },
      {
        name: "e2eLatency p(99)",
        kind: "gate",
        status: "fail",
        actual: "400 ms",
        limit: "300 ms",
        message: "end-to-end p(99) 400 ms (at most 300 ms)",
      },
      {
        name: "e2eLatency p(95)",
        kind: "gate",
        status: "pass",
        actual: "120 ms",
        limit: "500 ms",
        message: "end-to-end p(95) 120 ms (at most 500 ms)",
      },
      {
        name: "e2eLatency p(99.9)",
        kind: "gate",
        status: "unknown",
        actual: null,
        limit: "1000 ms",
        message: "p(99.9) is not measured (p50, p90, p95, p99 and p(100) are)",
      },
      {
        name: "maxDrain",
        kind: "gate",
        status: "pass",
        actual: "12 s",
        limit: "30s",
        message: "drained in 12 s (at most 30s)",
      },
      {
        name: "threshold http_req_duration p(95)<500",
        kind: "threshold",
        status: "fail",
        actual: "612",
        limit: "p(95)<500",
        message: "http_req_duration: p(95)<500 crossed (value 612)",
      },
    ]);
  });

  it("turns gates it cannot judge into unknown, never into a pass", () => {
    const result = judgeGates({
      gates: gates({ maxDeadLettered: 0, maxRejectedShare: 0.1, e2eLatencyMs: { "p(99)": 100 }, maxDrain: "10s" }),
      verdict: null,
      load: null,
      drain: null,
    });
    expect(result.map((g) => [g.name, g.status])).toEqual([
      ["verdict", "unknown"],
      ["maxLost", "unknown"],
      ["maxUnexpected", "unknown"],
      ["maxDeadLettered", "unknown"],
      ["maxRejectedShare", "unknown"],
      ["maxUnknownShare", "unknown"],
      ["e2eLatency p(99)", "unknown"],
      ["maxDrain", "unknown"],
      ["thresholds", "unknown"],
    ]);
  });

  it("fails a timed-out drain and an aborted load; skips thresholds when gates.thresholds is false", () => {
    const aborted = load(
      [{ metric: "http_req_failed", expression: "rate<0.01", ok: false, value: 0.2, abortOnFail: true }],
      {
        reason: "http_req_failed rate<0.01 crossed",
        at: 30_000,
      },
    );
    const judged = judgeGates({
      gates: gates({ maxDrain: "1m" }),
      verdict: verdict(true),
      load: aborted,
      drain: drainFinding(null, true),
    });
    expect(judged.slice(4).map((g) => [g.name, g.kind, g.status])).toEqual([
      ["maxDrain", "gate", "fail"],
      ["threshold http_req_failed rate<0.01", "threshold", "fail"],
      ["load completed", "threshold", "fail"],
    ]);
    const skipped = judgeGates({
      gates: gates({ thresholds: false }),
      verdict: verdict(true),
      load: aborted,
      drain: null,
    });
    expect(skipped.slice(4).map((g) => [g.name, g.status])).toEqual([
      ["threshold http_req_failed rate<0.01", "skipped"],
      ["load completed", "skipped"],
    ]);
  });

  it("turns a planned fault that was not injected into unknown: the run did not test it", () => {
    const chaos = [
      { action: "lambda-throttle", params: {}, start: 1000, end: 4000 },
      {
        action: "fault",
        params: { consumerErrorRate: 1 },
        start: 5000,
        end: 5080,
        error: "The control endpoint answered 500.",
      },
    ];
    const judged = judgeGates({ gates: gates(), verdict: verdict(true), load: load(), drain: null, chaos });
    expect(judged.slice(4)).toEqual<GateResult[]>([
      {
        name: "chaos 1 lambda-throttle",
        kind: "gate",
        status: "pass",
        actual: "injected",
        limit: "injected",
        message: "lambda-throttle was injected as planned",
      },
      {
        name: "chaos 2 fault",
        kind: "gate",
        status: "unknown",
        actual: "not injected",
        limit: "injected",
        message: "fault was not injected: The control endpoint answered 500.",
      },
    ]);
  });
});

describe("run status and exit code", () => {
  const gate = (kind: GateResult["kind"], status: GateResult["status"]): GateResult => ({
    name: `${kind}-${status}`,
    kind,
    status,
    actual: null,
    limit: null,
    message: "",
  });

  it.each<[string, GateResult[], "pass" | "fail" | "unknown", number]>([
    ["all gates pass", [gate("verdict", "pass"), gate("gate", "pass"), gate("threshold", "skipped")], "pass", 0],
    ["a gate fails", [gate("verdict", "pass"), gate("gate", "fail")], "fail", 1],
    ["the verdict is false", [gate("verdict", "fail"), gate("gate", "pass")], "fail", 1],
    ["the verdict is unknown", [gate("verdict", "unknown"), gate("gate", "pass")], "unknown", 2],
    ["only a load threshold fails", [gate("verdict", "pass"), gate("threshold", "fail")], "fail", 99],
    ["a gate and a threshold fail", [gate("gate", "fail"), gate("threshold", "fail")], "fail", 1],
    [
      "a threshold fails while the verdict is unknown",
      [gate("verdict", "unknown"), gate("threshold", "fail")],
      "fail",
      99,
    ],
  ])("%s", (_name, gates, status, code) => {
    const result = assembleResult({
      runId: "r",
      target: "local",
      scenario: "spike",
      verdict: verdict(true),
      load: load(),
      gates,
      findings: [],
      problems: [],
      now: new Date("2027-01-15T08:00:00.000Z"),
    });
    expect([result.status, exitCodeFor(result)]).toEqual([status, code]);
  });

  it("assembles the whole result.json shape", () => {
    const result = assembleResult({
      runId: "r",
      target: "local",
      scenario: "spike",
      verdict: verdict(true),
      load: load(),
      gates: [gate("verdict", "pass")],
      findings: [],
      problems: ["metrics.json is missing"],
      now: new Date("2027-01-15T08:00:00.000Z"),
    });
    expect(result).toEqual({
      schemaVersion: 1,
      runId: "r",
      generatedAt: "2027-01-15T08:00:00.000Z",
      status: "pass",
      valid: true,
      reasons: [],
      target: "local",
      scenario: "spike",
      window: { start: 0, end: 60_000 },
      totals: { ledger: 1000, accepted: 900, rejected: 100, unknown: 0, sinkItems: 900, dlqMessages: 0 },
      classes: {
        delivered: 900,
        duplicated: 0,
        deadLettered: 0,
        lost: 0,
        inFlight: 0,
        rejected: 100,
        rejectedButDelivered: 0,
        unknownDelivered: 0,
        unknownNotDelivered: 0,
        unexpected: 0,
      },
      load: {
        planned: 1000,
        sent: 1000,
        accepted: 900,
        rejected: 100,
        unknown: 0,
        dropped: 0,
        aborted: null,
        interrupted: false,
      },
      gates: [gate("verdict", "pass")],
      findings: [],
      problems: ["metrics.json is missing"],
      reporters: [],
    });
  });
});
