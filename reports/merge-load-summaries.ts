// The load of a run split into segments, as one summary for its report: each segment wrote its own
// load-summary.sIofN.json, and a report needs one. Counts add up exactly; percentiles cannot be merged, so each is the
// highest segment's (an upper bound), and the report says so.
import type {
  LatencySummary,
  LoadSecond,
  LoadSummary,
  StepSummary,
  ThresholdResult,
} from "../contracts/load-summary.ts";

type Counts = Record<string, number>;

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return groups;
}

function addCounts(into: Counts, from: Readonly<Counts>): Counts {
  for (const [key, n] of Object.entries(from)) into[key] = (into[key] ?? 0) + n;
  return into;
}

/** Counts added, each percentile the highest one: an upper bound, never an underestimate of a tail. */
function upperLatency(parts: ReadonlyArray<LatencySummary | null>): LatencySummary | null {
  const present = parts.filter((p): p is LatencySummary => p !== null);
  if (present.length === 0) return null;
  const highest = (pick: (l: LatencySummary) => number) => Math.max(...present.map(pick));
  return {
    count: present.reduce((sum, l) => sum + l.count, 0),
    p50: highest((l) => l.p50),
    p90: highest((l) => l.p90),
    p95: highest((l) => l.p95),
    p99: highest((l) => l.p99),
    max: highest((l) => l.max),
  };
}

/** A threshold holds for the run only where it held in every segment; its value is kept only when they agree. */
function mergeThresholds(parts: ReadonlyArray<readonly ThresholdResult[]>): ThresholdResult[] {
  return [...groupBy(parts.flat(), (r) => `${r.metric}\u0000${r.expression}`).values()].map((rs) => {
    const first = rs[0] as ThresholdResult;
    const values = new Set(rs.map((r) => r.value));
    return {
      metric: first.metric,
      expression: first.expression,
      ok: rs.every((r) => r.ok) && rs.length === parts.length,
      value: values.size === 1 ? first.value : null,
      abortOnFail: rs.some((r) => r.abortOnFail),
    };
  });
}

function mergeSeconds(parts: ReadonlyArray<readonly LoadSecond[]>): LoadSecond[] {
  return [...groupBy(parts.flat(), (s) => s.t).entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([t, ss]) => {
      const sum = (pick: (s: LoadSecond) => number) => ss.reduce((n, s) => n + pick(s), 0);
      const lags = (pick: (s: LoadSecond) => number | null | undefined) => {
        const known = ss.map(pick).filter((v): v is number => v !== null && v !== undefined);
        return known.length === 0 ? null : Math.max(...known);
      };
      const written = ss.every((s) => s.written !== undefined) ? sum((s) => s.written ?? 0) : undefined;
      return {
        t,
        planned: sum((s) => s.planned),
        sent: sum((s) => s.sent),
        ...(written === undefined ? {} : { written }),
        dropped: sum((s) => s.dropped),
        acc: sum((s) => s.acc),
        rej: sum((s) => s.rej),
        unk: sum((s) => s.unk),
        inFlight: sum((s) => s.inFlight),
        latency: upperLatency(ss.map((s) => s.latency)),
        sendLagP99: lags((s) => s.sendLagP99),
        fireLagP99: lags((s) => s.fireLagP99),
        status: ss.reduce((into, s) => addCounts(into, s.status), {} as Counts),
      };
    });
}

/** A flow's steps over every segment: counts exact, percentiles the highest segment's (as the run's latency). */
function mergeSteps(parts: readonly LoadSummary[]): Pick<LoadSummary, "steps"> {
  const withSteps = parts.flatMap((s) => (s.steps === undefined ? [] : [s.steps]));
  if (withSteps.length === 0) return {};
  const steps: NonNullable<LoadSummary["steps"]> = {};
  for (const [name, ss] of groupBy(
    withSteps.flatMap((s) => Object.entries(s)),
    ([name]) => name,
  )) {
    const sum = (pick: (s: StepSummary) => number) => ss.reduce((n, [, s]) => n + pick(s), 0);
    steps[name] = {
      calls: sum((s) => s.calls),
      acc: sum((s) => s.acc),
      rej: sum((s) => s.rej),
      unk: sum((s) => s.unk),
      duration: upperLatency(ss.map(([, s]) => s.duration)),
    };
  }
  return { steps };
}

/** One summary for the whole run from its segments' summaries (at least one). */
export function mergeLoadSummaries(parts: readonly LoadSummary[]): LoadSummary {
  const first = parts[0];
  if (first === undefined) throw new Error("mergeLoadSummaries needs at least one summary");
  const sum = (pick: (s: LoadSummary) => number) => parts.reduce((n, s) => n + pick(s), 0);
  const byChannel: LoadSummary["byChannel"] = {};
  for (const s of parts)
    for (const [channel, c] of Object.entries(s.byChannel)) {
      const into = byChannel[channel] ?? { sent: 0, acc: 0, rej: 0, unk: 0 };
      byChannel[channel] = into;
      into.sent += c.sent;
      into.acc += c.acc;
      into.rej += c.rej;
      into.unk += c.unk;
    }
  const workers = parts.every((s) => s.workers !== undefined) ? sum((s) => s.workers ?? 0) : undefined;
  return {
    schemaVersion: 1,
    runId: first.runId,
    scenario: first.scenario,
    segment: null,
    ...(workers === undefined ? {} : { workers }),
    startedAt: Math.min(...parts.map((s) => s.startedAt)),
    endedAt: Math.max(...parts.map((s) => s.endedAt)),
    plannedArrivals: sum((s) => s.plannedArrivals),
    sent: sum((s) => s.sent),
    dropped: sum((s) => s.dropped),
    acc: sum((s) => s.acc),
    rej: sum((s) => s.rej),
    unk: sum((s) => s.unk),
    byChannel,
    status: parts.reduce((into, s) => addCounts(into, s.status), {} as Counts),
    latency: {
      intended: upperLatency(parts.map((s) => s.latency.intended)),
      actual: upperLatency(parts.map((s) => s.latency.actual)),
    },
    ...mergeSteps(parts),
    thresholds: mergeThresholds(parts.map((s) => s.thresholds)),
    aborted: parts.find((s) => s.aborted !== null)?.aborted ?? null,
    interrupted: parts.some((s) => s.interrupted),
    perSecond: mergeSeconds(parts.map((s) => s.perSecond)),
  };
}
