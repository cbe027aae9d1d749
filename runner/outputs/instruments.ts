// The metrics a run exports (OTLP and Prometheus alike): names, units and attributes, a stable, documented scheme.
import { ValueType } from "@opentelemetry/api";
import type { MetricDescriptor } from "@opentelemetry/sdk-metrics";

/**
 * Names are `harness.<area>.<what>` (OpenTelemetry style: dots, lower case, units apart from the name); Prometheus
 * shows them with underscores and `_total` on counters (`harness_load_sent_total`). Renaming one breaks dashboards:
 * add a new name instead. README.md ("Outputs") lists them.
 */
const counter = (name: string, description: string): MetricDescriptor => ({
  name,
  description,
  unit: "{message}",
  valueType: ValueType.INT,
});

export const instruments = {
  planned: counter("harness.load.planned", "Arrivals the scenario planned"),
  sent: counter("harness.load.sent", "Arrivals fired into a channel, by harness.channel"),
  written: counter("harness.load.written", "Messages written to the wire (socket write or batch call)"),
  dropped: counter("harness.load.dropped", "Arrivals the engine dropped (no free in-flight slot)"),
  outcomes: counter(
    "harness.load.outcomes",
    "Messages by client outcome (harness.outcome: accepted, rejected, unknown) and harness.channel",
  ),
  stepCalls: counter(
    "harness.flow.step.calls",
    "A flow's calls by harness.flow.step and harness.outcome (flow scenarios only)",
  ),
  inFlight: {
    name: "harness.load.in_flight",
    description: "Messages sent and not yet answered, at the end of the second",
    unit: "{message}",
    valueType: ValueType.INT,
  },
  latency: {
    name: "harness.load.latency",
    description: "Intended send time to outcome (coordinated-omission free)",
    unit: "s",
    valueType: ValueType.DOUBLE,
  },
  sendLag: {
    name: "harness.load.send_lag",
    description: "Actual minus intended send time (socket write or batch call against the plan)",
    unit: "s",
    valueType: ValueType.DOUBLE,
  },
} satisfies Record<string, MetricDescriptor>;

/** Attributes on every data point, so a series names its run without a join on target_info. */
export const runAttributeNames = { runId: "harness.run.id", target: "harness.target", scenario: "harness.scenario" };

export const attributeNames = {
  channel: "harness.channel",
  outcome: "harness.outcome",
  step: "harness.flow.step",
} as const;

/** Outcome attribute values, the ledger's acc/rej/unk in words. */
export const outcomeValues = { acc: "accepted", rej: "rejected", unk: "unknown" } as const;

/**
 * Histogram bucket bounds in seconds: OpenTelemetry's HTTP client duration bounds (semantic conventions), widened to
 * 1 ms below and 60 s above, since a queue under load answers in either.
 */
export const latencyBoundsSeconds = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60,
] as const;
