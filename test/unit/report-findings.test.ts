// Findings on small handwritten series: a clear throttle onset, a DLQ burst lagging throttles, a clustered loss, no anomaly.
import { describe, expect, it } from "vitest";
import type { Verdict } from "../../contracts/verdict.ts";
import type { ClientSecond } from "../../reports/client-series.ts";
import { computeFindings, type FindingsInput } from "../../reports/findings/index.ts";
import type { Finding } from "../../reports/findings/types.ts";
import type { MetricSeries } from "../../reports/metrics-file.ts";
import type { QueueSample } from "../../reports/samples.ts";

const t0 = 1_800_000_000;

/** One second of client traffic: `offered` sent, everything above `ceiling` rejected with 429. */
function second(i: number, offered: number, ceiling = Number.POSITIVE_INFINITY): ClientSecond {
  const acc = Math.min(offered, ceiling);
  const rej = offered - acc;
  return {
    t: t0 + i,
    offered,
    sent: offered,
    written: offered,
    acc,
    rej,
    throttled: rej,
    unk: 0,
    p50: 20,
    p95: 40,
    p99: 60,
    dropped: 0,
    sendLagP99: 1.5,
    fireLagP99: 1,
  };
}

function steady(seconds: number, rate: number, ceiling?: number): ClientSecond[] {
  return Array.from({ length: seconds }, (_, i) => second(i, rate, ceiling));
}

function input(overrides: Partial<FindingsInput> = {}): FindingsInput {
  return {
    client: steady(120, 100),
    clientSource: "load-summary",
    samples: [],
    queues: [],
    dlqs: [],
    metrics: [],
    metricsPeriodSeconds: 60,
    verdict: null,
    loadStart: t0 * 1000,
    loadEnd: (t0 + 120) * 1000,
    chaos: [],
    ...overrides,
  };
}

function verdictWith(bySecond: Verdict["bySecond"], drain: Verdict["drain"] = null): Verdict {
  const empty = { count: 0, sample: [] };
  return {
    schemaVersion: 1,
    runId: "r",
    verifiedAt: "2027-01-15T08:00:00.000Z",
    valid: true,
    reasons: [],
    totals: { ledger: 0, accepted: 0, rejected: 0, unknown: 0, sinkItems: 0, dlqMessages: 0 },
    classes: {
      delivered: empty,
      duplicated: empty,
      deadLettered: empty,
      lost: empty,
      inFlight: empty,
      rejected: empty,
      rejectedButDelivered: empty,
      unknownDelivered: empty,
      unknownNotDelivered: empty,
      unexpected: empty,
    },
    e2eLatency: null,
    bySecond,
    sources: { ledger: { files: 1, complete: true, problems: [] }, sinks: [], dlqs: [] },
    drain,
  };
}

function kinds(findings: Finding[]): string[] {
  return findings.map((f) => f.kind);
}

function find<K extends Finding["kind"]>(findings: Finding[], kind: K): Extract<Finding, { kind: K }> {
  const f = findings.find((x) => x.kind === kind);
  if (f === undefined) throw new Error(`no ${kind} finding in ${kinds(findings).join(", ")}`);
  return f as Extract<Finding, { kind: K }>;
}

describe("throttle onset", () => {
  it("finds the offered rate at which rejections began and the ceiling held after", () => {
    // Ramp 10/s per second; the target accepts at most 500/s, so rejections begin when 510/s is offered (second 50).
    const client = Array.from({ length: 100 }, (_, i) => second(i, 10 * (i + 1), 500));
    const onset = find(computeFindings(input({ client, loadEnd: (t0 + 100) * 1000 }), null), "throttleOnset");
    expect({ ...onset, summary: undefined, evidence: undefined }).toEqual({
      kind: "throttleOnset",
      severity: "warning",
      title: "Throttling began",
      summary: undefined,
      evidence: undefined,
      window: { start: t0 + 50, end: t0 + 51 },
      at: t0 + 50,
      offeredRate: 510,
      acceptedRate: 500,
      rejectedRate: 10,
      acceptedCeiling: 500,
      rejectedTotal: (10 * 50 * 51) / 2,
      throttled429Total: (10 * 50 * 51) / 2,
      platformThrottles: [],
      chaosAction: null,
    });
    expect(onset.summary).toContain("offered rate reached 510/s");
  });

  it("names the chaos step, not the offered rate, when rejections began inside its window at a steady rate", () => {
    const client = steady(60, 100).map((s, i) => (i >= 30 && i < 40 ? second(i, 100, 40) : s));
    const chaos = [
      { action: "apiThrottle", params: { rate: 40 }, start: (t0 + 29) * 1000 + 650, end: (t0 + 40) * 1000 },
    ];
    const onset = find(computeFindings(input({ client, chaos, loadEnd: (t0 + 60) * 1000 }), null), "throttleOnset");
    expect([onset.at, onset.chaosAction]).toEqual([t0 + 30, "apiThrottle"]);
    expect(onset.summary).toContain("inside the chaos window of apiThrottle");
    expect(onset.summary).not.toContain("offered rate reached");
  });

  it("does not call validation rejections (a 422 or 409, not a 429) throttling", () => {
    const client = steady(60, 100).map((s, i) => (i >= 20 ? { ...s, acc: 90, rej: 10, throttled: 0 } : s));
    expect(kinds(computeFindings(input({ client, loadEnd: (t0 + 60) * 1000 }), null))).not.toContain("throttleOnset");
  });

  it("ignores a single stray rejection that is not sustained", () => {
    const client = steady(60, 100);
    client[10] = { ...(client[10] as ClientSecond), acc: 99, rej: 1, throttled: 1 };
    expect(kinds(computeFindings(input({ client, loadEnd: (t0 + 60) * 1000 }), null))).not.toContain("throttleOnset");
  });

  it("names the platform throttle metrics that were above zero from the onset on", () => {
    const client = Array.from({ length: 120 }, (_, i) => second(i, i < 60 ? 100 : 300, 200));
    const metric: MetricSeries = {
      id: "fnThrottles",
      label: "Throttles consumer",
      namespace: "AWS/Lambda",
      metricName: "Throttles",
      dimensions: { FunctionName: "consumer" },
      stat: "Sum",
      role: "throttle",
      unit: "count",
      points: [
        [t0, 0],
        [t0 + 60, 42],
      ],
      status: "Complete",
    };
    const onset = find(computeFindings(input({ client, metrics: [metric] }), null), "throttleOnset");
    expect([onset.at, onset.offeredRate, onset.acceptedCeiling, onset.platformThrottles]).toEqual([
      t0 + 60,
      300,
      200,
      ["Throttles consumer"],
    ]);
  });
});

describe("DLQ lag", () => {
  it("measures a DLQ burst lagging platform throttles by 60 s", () => {
    // Lambda throttles during [120, 240) (60 s periods); the DLQ, sampled every 5 s, fills during [180, 300).
    const throttles: MetricSeries = {
      id: "fnThrottles",
      label: "Throttles consumer",
      namespace: "AWS/Lambda",
      metricName: "Throttles",
      dimensions: {},
      stat: "Sum",
      role: "throttle",
      unit: "count",
      points: [0, 60, 120, 180, 240, 300].map((s) => [t0 + s, s === 120 || s === 180 ? 600 : 0] as [number, number]),
      status: "Complete",
    };
    const samples: QueueSample[] = [];
    for (let s = 0; s <= 360; s += 5) {
      const depth = Math.max(0, Math.min(s, 300) - 180) * 2;
      samples.push({ t: (t0 + s) * 1000, queue: "orders-dlq", visible: depth, notVisible: 0, delayed: 0 });
    }
    const findings = computeFindings(
      input({
        client: steady(360, 100),
        loadEnd: (t0 + 360) * 1000,
        dlqs: ["orders-dlq"],
        samples,
        metrics: [throttles],
      }),
      null,
    );
    const lag = find(findings, "dlqLag");
    expect({ ...lag, summary: undefined, evidence: undefined }).toEqual({
      kind: "dlqLag",
      severity: "warning",
      title: "DLQ arrivals followed throttling",
      summary: undefined,
      evidence: undefined,
      window: { start: t0 + 120, end: t0 + 186 },
      throttleStart: t0 + 120,
      dlqStart: t0 + 185,
      lagSeconds: 65,
      correlatedLagSeconds: 60,
      dlqArrivals: 240,
      dlqSource: "samples",
    });
    expect(lag.summary).toContain("began 65 s after Throttles consumer");
  });

  it("says when DLQ arrivals began before throttling: throttling does not explain them", () => {
    const client = Array.from({ length: 100 }, (_, i) => second(i, i >= 50 ? 300 : 100, 200));
    const verdict = verdictWith({ deadLettered: [[t0 + 20, 5]] });
    const lag = find(computeFindings(input({ client, verdict, loadEnd: (t0 + 100) * 1000 }), null), "dlqLag");
    expect([lag.title, lag.severity, lag.lagSeconds]).toEqual(["DLQ arrivals began before throttling", "info", -30]);
    expect(lag.summary).toBe(
      "IDs that ended in a DLQ were first sent 30 s before client throttles: throttling does not explain them.",
    );
  });

  it("falls back to client throttles (429) and dead-lettered send seconds when there are no metrics or samples", () => {
    const client = Array.from({ length: 100 }, (_, i) => second(i, i >= 30 && i < 40 ? 300 : 100, 200));
    const verdict = verdictWith({ deadLettered: [[t0 + 30, 5]] });
    const lag = find(computeFindings(input({ client, verdict, loadEnd: (t0 + 100) * 1000 }), null), "dlqLag");
    expect([lag.throttleStart, lag.dlqStart, lag.lagSeconds, lag.dlqSource]).toEqual([t0 + 30, t0 + 30, 0, "verify"]);
  });
});

describe("clusters", () => {
  it("finds lost IDs clustered in a window and the series that moved in it", () => {
    // Loss at seconds 60..64, while unknown outcomes spike in the same seconds (a fault).
    const client = steady(120, 100).map((c, i) => (i >= 60 && i < 65 ? { ...c, acc: 70, unk: 30 } : c));
    const verdict = verdictWith({ lost: [60, 61, 62, 63, 64].map((s) => [t0 + s, 4] as [number, number]) });
    const cluster = find(computeFindings(input({ client, verdict }), null), "cluster");
    expect({ ...cluster, summary: undefined, evidence: undefined }).toEqual({
      kind: "cluster",
      severity: "problem",
      title: "Lost IDs cluster in 4 s",
      summary: undefined,
      evidence: undefined,
      window: { start: t0 + 60, end: t0 + 64 },
      messageClass: "lost",
      count: 20,
      inside: 16,
      share: 0.8,
      clustered: true,
      movers: [
        // Second 64 (also faulty) falls outside the densest 80 % window, hence the small outside means.
        { series: "unknown outcome/s", source: "load-summary", inside: 30, outside: 0.26, score: 9.09 },
        { series: "accepted/s", source: "load-summary", inside: 70, outside: 99.74, score: -3.83 },
      ],
    });
  });

  it("says when dead-lettered IDs are spread over the run", () => {
    const verdict = verdictWith({ deadLettered: [0, 30, 60, 90, 119].map((s) => [t0 + s, 1] as [number, number]) });
    const cluster = find(computeFindings(input({ verdict }), null), "cluster");
    expect([cluster.messageClass, cluster.clustered, cluster.severity, cluster.movers]).toEqual([
      "deadLettered",
      false,
      "warning",
      [],
    ]);
  });
});

describe("no anomaly", () => {
  it("reports only the drain time and latency, as information", () => {
    const samples: QueueSample[] = [0, 5, 10, 115, 120, 125, 130].map((s) => ({
      t: (t0 + s) * 1000,
      queue: "orders",
      visible: s < 125 ? 3 : 0,
      notVisible: 0,
      delayed: 0,
    }));
    const verdict: Verdict = {
      ...verdictWith({}, { waitedMs: 10_000, timedOut: false, remaining: { orders: 0 } }),
      e2eLatency: { count: 12_000, p50: 30, p90: 50, p95: 60, p99: 90, max: 200 },
    };
    const findings = computeFindings(input({ samples, queues: ["orders"], verdict }), {
      count: 12_000,
      p50: 20,
      p90: 35,
      p95: 40,
      p99: 60,
      max: 120,
    });
    expect(findings.map((f) => [f.kind, f.severity])).toEqual([
      ["drain", "info"],
      ["e2eLatency", "info"],
    ]);
    expect(find(findings, "drain").drainSeconds).toBe(5);
  });

  it("reports nothing at all for an empty run", () => {
    expect(computeFindings(input({ client: [] }), null)).toEqual([]);
  });
});

describe("drain and chaos", () => {
  it("marks a timed-out drain as a problem with what was left", () => {
    const verdict = verdictWith({}, { waitedMs: 120_000, timedOut: true, remaining: { orders: 17 } });
    const drain = find(computeFindings(input({ verdict }), null), "drain");
    expect([drain.severity, drain.timedOut, drain.drainSeconds, drain.remaining]).toEqual([
      "problem",
      true,
      null,
      { orders: 17 },
    ]);
  });

  it("says the drain waited for the sink alone when no queue is watched, not that watched queues were empty", () => {
    const verdict = verdictWith({}, { waitedMs: 7_000, timedOut: false, remaining: {} });
    const none = find(computeFindings(input({ verdict, queues: [] }), null), "drain");
    expect(none.summary).toMatch(
      /^No queue is watched, so the drain waited only for the sink to stop growing: it settled 7 s/,
    );
    const watched = find(computeFindings(input({ verdict, queues: ["orders"] }), null), "drain");
    expect(watched.summary).toMatch(/^Every watched queue was empty 7 s after the load ended/);
  });

  it("compares a chaos window with the same length just before it", () => {
    const client = steady(120, 100).map((c, i) => (i >= 60 && i < 90 ? { ...c, acc: 50, rej: 50, p99: 900 } : c));
    const verdict = verdictWith({ lost: [[t0 + 70, 3]] });
    const chaos = [{ action: "lambda-error", params: { rate: 0.5 }, start: (t0 + 60) * 1000, end: (t0 + 90) * 1000 }];
    const finding = find(computeFindings(input({ client, verdict, chaos }), null), "chaos");
    expect([finding.severity, finding.inside, finding.before, finding.error]).toEqual([
      "problem",
      { seconds: 30, sent: 3000, rejectedShare: 0.5, p99: 900, dlqArrivals: 0, lost: 3, deadLettered: 0 },
      { seconds: 30, sent: 3000, rejectedShare: 0, p99: 60, dlqArrivals: 0, lost: 0, deadLettered: 0 },
      null,
    ]);
    expect(finding.movers.map((m) => m.series)).toEqual(["client p99 latency (ms)", "rejected/s", "accepted/s"]);
  });

  it("writes a chaos window's length and edges to the millisecond, as they really happened", () => {
    const chaos = [{ action: "fault", params: {}, start: t0 * 1000 + 3_217, end: t0 * 1000 + 6_434 }];
    const finding = find(computeFindings(input({ chaos }), null), "chaos");
    expect(finding.summary).toContain(`During the 3.217 s of fault from ${new Date(t0 * 1000 + 3_217).toISOString()}`);
    expect(finding.evidence[0]?.value).toBe(
      `${new Date(t0 * 1000 + 3_217).toISOString()} .. ${new Date(t0 * 1000 + 6_434).toISOString()}`,
    );
  });

  it("counts IDs sent just before a fault (still queued when it began) as harmed inside it", () => {
    // p99 end to end 900 ms: IDs sent up to 2 s before the window count; those 5 s before do not.
    const verdict: Verdict = {
      ...verdictWith({
        deadLettered: [
          [t0 + 55, 7],
          [t0 + 58, 2],
          [t0 + 61, 3],
          [t0 + 90, 4],
        ],
      }),
      e2eLatency: { count: 100, p50: 100, p90: 300, p95: 500, p99: 900, max: 1500 },
    };
    const chaos = [{ action: "fault", params: {}, start: (t0 + 60) * 1000, end: (t0 + 90) * 1000 }];
    const finding = find(computeFindings(input({ verdict, chaos }), null), "chaos");
    expect([finding.inside.deadLettered, finding.before.deadLettered, finding.severity]).toEqual([5, 9, "warning"]);
  });
});

describe("engine lag", () => {
  it("says when the engine itself fired late for a sustained run of seconds, over which seconds, and the worst", () => {
    const client = steady(60, 100);
    // Seconds 20-23: the engine itself was late (fire lag); second 30: one late second alone (a pause).
    for (const i of [20, 21, 22, 23]) client[i] = { ...(client[i] as ClientSecond), sendLagP99: 90, fireLagP99: 80 };
    client[22] = { ...(client[22] as ClientSecond), sendLagP99: 190, fireLagP99: 180 };
    client[30] = { ...(client[30] as ClientSecond), sendLagP99: 400, fireLagP99: 400 };
    const lag = find(computeFindings(input({ client, loadEnd: (t0 + 60) * 1000 }), null), "engineLag");
    expect({ ...lag, summary: undefined, evidence: undefined }).toEqual({
      kind: "engineLag",
      severity: "warning",
      title: "The load engine fell behind its plan",
      summary: undefined,
      evidence: undefined,
      window: { start: t0 + 20, end: t0 + 24 },
      laggingSeconds: 4,
      longestRunSeconds: 4,
      lagLimitMs: 50,
      worstLagMs: 180,
      worstAt: t0 + 22,
    });
    expect(lag.summary).toContain("For 4 second(s), in runs of 3 or more (longest 4 s)");
  });

  it("says nothing for one late second (a 52 ms blip in a smoke run), nor when only the ledger was read", () => {
    expect(kinds(computeFindings(input(), null))).not.toContain("engineLag");
    const blip = steady(20, 20);
    blip[1] = { ...(blip[1] as ClientSecond), sendLagP99: 52, fireLagP99: 52 };
    expect(kinds(computeFindings(input({ client: blip }), null))).not.toContain("engineLag");
    const client = steady(10, 100).map((s) => ({ ...s, sendLagP99: 500, fireLagP99: 500 }));
    expect(kinds(computeFindings(input({ client, clientSource: "ledger" }), null))).not.toContain("engineLag");
  });

  it("blames the target, not the engine, when messages were fired on time and waited for a connection", () => {
    const client = steady(30, 100).map((s, i) =>
      i >= 10 && i < 20 ? { ...s, sendLagP99: 800, fireLagP99: 1, written: 60 } : s,
    );
    const found = computeFindings(input({ client, loadEnd: (t0 + 30) * 1000 }), null);
    expect(kinds(found)).not.toContain("engineLag");
    const saturated = find(found, "targetSaturated");
    expect([saturated.waitingSeconds, saturated.severity, saturated.window]).toEqual([
      10,
      "warning",
      { start: t0 + 10, end: t0 + 20 },
    ]);
  });
});

describe("target saturated", () => {
  it("names a saturated spike: latency climbing with the load, outcomes unknown, arrivals dropped", () => {
    // A spike to 1,500/s against a target that answers a few hundred: latency climbs to 19 s, answers time out.
    const client = Array.from({ length: 12 }, (_, i) => {
      const offered = i < 2 ? 50 : i < 10 ? 1500 : 50;
      const s = second(i, offered);
      const late = i >= 3 && i < 10;
      return {
        ...s,
        acc: late ? 200 : offered,
        unk: late ? offered - 200 - (i === 9 ? 300 : 0) : 0,
        dropped: i === 9 ? 300 : 0,
        p99: i < 2 ? 14 : Math.min(19_000, 14 * 4 ** (i - 1)),
      };
    });
    const unknown = client.reduce((sum, s) => sum + s.unk, 0);
    const statusMix = { "200": 4000, timeout: unknown - 1000, interrupted: 1000 };
    const found = computeFindings(input({ client, loadEnd: (t0 + 12) * 1000, statusMix }), null);
    const saturated = find(found, "targetSaturated");
    expect({ ...saturated, summary: undefined, evidence: undefined }).toEqual({
      kind: "targetSaturated",
      saturated: true,
      severity: "problem",
      title: "The target saturated",
      summary: undefined,
      evidence: undefined,
      window: { start: t0 + 3, end: t0 + 12 },
      unknown,
      unknownShare: unknown / client.reduce((sum, s) => sum + s.sent, 0),
      timeouts: unknown - 1000,
      interrupted: 1000,
      dropped: 300,
      waitingSeconds: 0,
      latencyP99Early: 14,
      latencyP99Worst: 19_000,
      latencyWorstAt: t0 + 7,
    });
    expect(saturated.summary).toMatch(/climbed from 14 ms early in the load to 19(\.0)? ?s/);
    expect(saturated.summary).toContain("still unanswered at the graceful stop");
    expect(kinds(found)).not.toContain("engineLag");
  });

  it("says outcomes are unknown, not that the target saturated, when timeouts come at a steady load", () => {
    // 40/s with 2 timeouts a second, latency flat; the last timeouts land after the last send.
    const client = steady(20, 40).map((s) => ({ ...s, acc: 38, unk: 2 }));
    client.push({ ...second(20, 0), sent: 0, offered: 0, acc: 0, unk: 6, p99: null });
    const finding = find(
      computeFindings(input({ client, statusMix: { "201": 760, timeout: 46 } }), null),
      "targetSaturated",
    );
    expect([finding.saturated, finding.title, finding.unknown, finding.timeouts]).toEqual([
      false,
      "Outcomes unknown",
      46,
      46,
    ]);
    expect(finding.summary).not.toContain("could not keep up");
  });

  it("says nothing for a healthy run, or for a handful of unknown outcomes", () => {
    expect(kinds(computeFindings(input(), null))).not.toContain("targetSaturated");
    const client = steady(60, 100);
    client[5] = { ...(client[5] as ClientSecond), unk: 3, acc: 97 };
    expect(kinds(computeFindings(input({ client }), null))).not.toContain("targetSaturated");
  });
});

describe("authRefused", () => {
  it("names 401s and 403s with the target's auth, and is absent without them", () => {
    const mix = { "200": 900, "401": 70, "403": 30 };
    const found = computeFindings(input({ statusMix: mix, httpAuth: "oauth2-client-credentials" }), null);
    const auth = found.find((f) => f.kind === "authRefused");
    expect(auth).toMatchObject({
      kind: "authRefused",
      severity: "problem",
      title: "The target refused 100 requests as unauthorized",
      unauthorized: 70,
      forbidden: 30,
      auth: "oauth2-client-credentials",
    });
    expect(auth?.summary).toMatch(/^70 x 401 Unauthorized and 30 x 403 Forbidden\. Requests carried oauth2/);
    expect(computeFindings(input({ statusMix: { "200": 1000, "429": 5 } }), null).map((f) => f.kind)).not.toContain(
      "authRefused",
    );
  });
});
