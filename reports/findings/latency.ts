// Finding: end-to-end latency percentiles (sink time minus send time) beside the client's, coordinated-omission free.
import type { LatencySummary } from "../../contracts/load-summary.ts";
import type { FindingContext } from "./context.ts";
import { ms } from "./format.ts";
import type { Evidence, LatencyFinding } from "./types.ts";

export function latency(ctx: FindingContext, clientLatency: LatencySummary | null): LatencyFinding | null {
  const e2e = ctx.input.verdict?.e2eLatency ?? null;
  if (e2e === null && clientLatency === null) return null;
  const evidence: Evidence[] = [];
  if (e2e !== null) {
    evidence.push({
      label: "end to end (send to sink)",
      value: `p50 ${ms(e2e.p50)}, p90 ${ms(e2e.p90)}, p95 ${ms(e2e.p95)}, p99 ${ms(e2e.p99)}, max ${ms(e2e.max)} over ${e2e.count.toLocaleString("en-US")} messages`,
      source: "verify",
    });
  }
  if (clientLatency !== null) {
    evidence.push({
      label: "client response, from intended send time",
      value: `p50 ${ms(clientLatency.p50)}, p95 ${ms(clientLatency.p95)}, p99 ${ms(clientLatency.p99)}, max ${ms(clientLatency.max)}`,
      source: "load-summary",
    });
  }
  return {
    kind: "e2eLatency",
    severity: "info",
    title: "Latency",
    summary:
      e2e === null
        ? "The sink records no times, so end-to-end latency is unknown; client latency is shown instead."
        : `Half the messages reached the sink within ${ms(e2e.p50)}, 99 % within ${ms(e2e.p99)}; the slowest took ${ms(e2e.max)}.`,
    window: null,
    e2e,
    client:
      clientLatency === null
        ? null
        : { p50: clientLatency.p50, p95: clientLatency.p95, p99: clientLatency.p99, max: clientLatency.max },
    evidence,
  };
}
