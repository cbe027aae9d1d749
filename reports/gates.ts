// Gates from config judged against the verdict, the load and the findings: each pass, fail or unknown, never a silent pass.
import { formatDuration } from "../common/duration.ts";
import type { GatesConfig } from "../config/schema-gates.ts";
import type { LoadSummary } from "../contracts/load-summary.ts";
import type { ChaosWindow } from "../contracts/plan-file.ts";
import type { GateResult } from "../contracts/result.ts";
import type { Verdict } from "../contracts/verdict.ts";
import type { DrainFinding } from "./findings/types.ts";

export type { GateResult, GateStatus } from "../contracts/result.ts";

export interface GateInput {
  gates: GatesConfig;
  verdict: Verdict | null;
  load: LoadSummary | null;
  drain: DrainFinding | null;
  /** chaos.json: a planned fault that was not injected leaves the run unproven for that fault. */
  chaos?: readonly ChaosWindow[];
}

export function judgeGates(input: GateInput): GateResult[] {
  const { gates, verdict } = input;
  // An older plan.json has no maxUnexpected: its unexpected items stay the verdict gate's to judge.
  const counted = countedClasses.filter((c) => c === "lost" || gates.maxUnexpected !== undefined);
  const out: GateResult[] = [verdictGate(verdict, counted)];
  out.push(accountingCount(verdict, "lost", "lost", gates.maxLost));
  if (gates.maxUnexpected !== undefined)
    out.push(accountingCount(verdict, "unexpected", "unexpected", gates.maxUnexpected));
  const classCount = (name: "deadLettered" | "duplicated", label: string, limit: number | undefined) => {
    if (limit === undefined) return;
    const count = verdict?.classes[name]?.count;
    out.push(
      count === undefined
        ? unknown(`max${cap(name)}`, String(limit), `no verdict: ${label} messages cannot be counted`)
        : judge(
            `max${cap(name)}`,
            "gate",
            count <= limit,
            String(count),
            String(limit),
            `${count} ${label} (at most ${limit} allowed)`,
          ),
    );
  };
  classCount("deadLettered", "dead-lettered", gates.maxDeadLettered);
  classCount("duplicated", "duplicated", gates.maxDuplicated);
  const share = (name: string, label: string, limit: number | undefined, part: (v: Verdict) => number) => {
    if (limit === undefined) return;
    if (verdict === null || verdict.totals.ledger === 0) {
      out.push(unknown(name, pct(limit), `no ledgered messages: the ${label} share is unknown`));
      return;
    }
    const value = part(verdict) / verdict.totals.ledger;
    out.push(
      judge(name, "gate", value <= limit, pct(value), pct(limit), `${pct(value)} ${label} (at most ${pct(limit)})`),
    );
  };
  share(
    "maxRejectedShare",
    "rejected",
    gates.maxRejectedShare,
    (v) => v.classes.rejected.count + v.classes.rejectedButDelivered.count,
  );
  share("maxUnknownShare", "with an unknown outcome", gates.maxUnknownShare, (v) => v.totals.unknown);
  for (const [percentile, limit] of Object.entries(gates.e2eLatencyMs))
    out.push(latencyGate(percentile, limit, verdict));
  if (gates.maxDrain !== undefined) out.push(drainGate(gates.maxDrain, input.drain));
  out.push(...(input.chaos ?? []).map(chaosGate));
  out.push(...thresholdGates(gates.thresholds, input.load));
  return out;
}

/** The classes that make `valid` false; maxLost and maxUnexpected count them, so the verdict gate leaves them alone. */
const countedClasses = ["lost", "unexpected"] as const;
type CountedClass = (typeof countedClasses)[number];

/**
 * maxLost / maxUnexpected. Within the limit: pass (even when the count is only an upper bound, the worst case is
 * allowed). Over it: fail only when the verifier asserted the count (valid false), else unknown: with a source
 * read in part, the messages "lost" may sit in the part not read. When valid is false and both classes are counted,
 * the verdict does not say which one it asserted, and both are taken as asserted.
 */
function accountingCount(verdict: Verdict | null, name: CountedClass, label: string, limit: number): GateResult {
  const gate = `max${cap(name)}`;
  if (verdict === null) return unknown(gate, String(limit), `no verdict: ${label} messages cannot be counted`);
  const count = verdict.classes[name].count;
  const message = `${count} ${label} (at most ${limit} allowed)`;
  if (count <= limit) return judge(gate, "gate", true, String(count), String(limit), message);
  if (verdict.valid === false) return judge(gate, "gate", false, String(count), String(limit), message);
  return {
    name: gate,
    kind: "gate",
    status: "unknown",
    actual: String(count),
    limit: String(limit),
    message: `${count} possibly ${label}, but the verdict is unknown: not every source was read in full`,
  };
}

/**
 * The accounting fact (`valid`) less what the counted gates judge. The verifier gives one reason per counted class
 * it found (lost, unexpected); when those are all its reasons, maxLost and maxUnexpected decide, and a limit above 0
 * can accept known loss. Any other reason (an incomplete ledger, an unread source, messages in flight, IDs the
 * ledger repeats) is judged here: valid false stays a failure, valid unknown stays unknown.
 */
function verdictGate(verdict: Verdict | null, judgedElsewhere: readonly CountedClass[]): GateResult {
  const name = "verdict";
  if (verdict === null) return unknown(name, "true", "verify.json is missing or unreadable: nothing is proven");
  if (verdict.valid === true)
    return judge(name, "verdict", true, "true", "true", "every accepted message is accounted for");
  const counted = countedClasses.filter((c) => verdict.classes[c].count > 0);
  const actual = String(verdict.valid);
  if (
    counted.length > 0 &&
    counted.every((c) => judgedElsewhere.includes(c)) &&
    verdict.reasons.length <= counted.length
  )
    return judge(
      name,
      "verdict",
      true,
      actual,
      "true",
      `accounting ${actual} only through ${counted.join(" and ")} messages, which ${counted.map((c) => `max${cap(c)}`).join(" and ")} judge`,
    );
  const why = verdict.reasons.length > 0 ? `: ${verdict.reasons.join("; ")}` : "";
  if (verdict.valid === false) return judge(name, "verdict", false, actual, "true", `accounting failed${why}`);
  return { name, kind: "verdict", status: "unknown", actual, limit: "true", message: `verdict unknown${why}` };
}

/** verify.json carries p50/p90/p95/p99/max: other percentiles cannot be judged and say so. */
const percentileField = { "50": "p50", "90": "p90", "95": "p95", "99": "p99", "100": "max" } as const;

function latencyGate(percentile: string, limit: number, verdict: Verdict | null): GateResult {
  const name = `e2eLatency ${percentile}`;
  const key = percentile.slice(2, -1) as keyof typeof percentileField;
  const field = percentileField[key];
  const e2e = verdict?.e2eLatency ?? null;
  if (field === undefined)
    return unknown(name, `${limit} ms`, `${percentile} is not measured (p50, p90, p95, p99 and p(100) are)`);
  if (e2e === null) return unknown(name, `${limit} ms`, "the sink records no times: end-to-end latency is unknown");
  const value = e2e[field];
  return judge(
    name,
    "gate",
    value <= limit,
    `${value} ms`,
    `${limit} ms`,
    `end-to-end ${percentile} ${value} ms (at most ${limit} ms)`,
  );
}

function drainGate(limitMs: number, drain: DrainFinding | null): GateResult {
  const name = "maxDrain";
  const maxDrain = formatDuration(limitMs);
  if (drain === null) return unknown(name, maxDrain, "no samples and no drain record: drain time unknown");
  if (drain.timedOut) return judge(name, "gate", false, "timed out", maxDrain, "the drain timed out");
  if (drain.drainSeconds === null) return unknown(name, maxDrain, "the queues never emptied in the samples");
  const ok = drain.drainSeconds * 1000 <= limitMs;
  return judge(
    name,
    "gate",
    ok,
    `${drain.drainSeconds} s`,
    maxDrain,
    `drained in ${drain.drainSeconds} s (at most ${maxDrain})`,
  );
}

/** A run that planned a fault and could not inject it has not shown the system survives it: unknown, never a pass. */
function chaosGate(w: ChaosWindow, index: number): GateResult {
  const name = `chaos ${index + 1} ${w.action}`;
  if (w.error === undefined)
    return judge(name, "gate", true, "injected", "injected", `${w.action} was injected as planned`);
  return {
    name,
    kind: "gate",
    status: "unknown",
    actual: "not injected",
    limit: "injected",
    message: `${w.action} was not injected: ${w.error}`,
  };
}

function thresholdGates(enabled: boolean, load: LoadSummary | null): GateResult[] {
  if (load === null) {
    return enabled
      ? [unknown("thresholds", "all pass", "load-summary.json is missing: load thresholds unknown", "threshold")]
      : [];
  }
  const out: GateResult[] = load.thresholds.map((t) => {
    const name = `threshold ${t.metric} ${t.expression}`;
    const actual = t.value === null ? null : String(t.value);
    if (!enabled) return skipped(name, actual, t.expression);
    return judge(
      name,
      "threshold",
      t.ok,
      actual,
      t.expression,
      `${t.metric}: ${t.expression} ${t.ok ? "held" : "crossed"} (value ${actual ?? "n/a"})`,
    );
  });
  if (load.aborted !== null || load.interrupted) {
    const reason = load.aborted?.reason ?? "the load was interrupted";
    out.push(
      enabled
        ? judge("load completed", "threshold", false, "aborted", "completed", `the load stopped early: ${reason}`)
        : skipped("load completed", "aborted", "completed"),
    );
  }
  return out;
}

function judge(
  name: string,
  kind: GateResult["kind"],
  ok: boolean,
  actual: string | null,
  limit: string | null,
  message: string,
): GateResult {
  return { name, kind, status: ok ? "pass" : "fail", actual, limit, message };
}

function unknown(name: string, limit: string | null, message: string, kind: GateResult["kind"] = "gate"): GateResult {
  return { name, kind, status: "unknown", actual: null, limit, message };
}

function skipped(name: string, actual: string | null, limit: string): GateResult {
  return {
    name,
    kind: "threshold",
    status: "skipped",
    actual,
    limit,
    message: "not judged: gates.thresholds is false",
  };
}

function pct(share: number): string {
  return `${Math.round(share * 10_000) / 100} %`;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
