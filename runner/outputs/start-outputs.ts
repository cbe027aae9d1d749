// Starts the run's metrics outputs (config `outputs`) and feeds them from the live events; their counts at the end.
import { AggregationTemporalityPreference, OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { type Resource, resourceFromAttributes } from "@opentelemetry/resources";
import type { MetricProducer, PushMetricExporter, ScopeMetrics } from "@opentelemetry/sdk-metrics";
import type { Output } from "../../common/output.ts";
import { redactUrl } from "../../common/redact.ts";
import type { OtlpOutputConfig, OutputConfig } from "../../config/schema-outputs.ts";
import type { OutputExport, OutputsFile } from "../../contracts/outputs.ts";
import type { LiveEvents } from "../live-events.ts";
import { resolveHeaders } from "./headers.ts";
import { LoadMetrics, type RunLabels } from "./load-metrics.ts";
import { OtlpQueue } from "./otlp-output.ts";
import { type PrometheusEndpoint, startPrometheus } from "./prometheus-output.ts";

export interface RunOutputs {
  /** Waits for the OTLP flush (bounded by each output's flushTimeout) and says what each output got out. */
  finish(): Promise<OutputsFile>;
  /** Stops everything (the scrape endpoint too); after finish, or instead of it when the run ends early. */
  close(): Promise<void>;
}

export interface StartOutputsInput {
  configs: readonly OutputConfig[];
  env: Readonly<Record<string, string | undefined>>;
  labels: RunLabels;
  live: LiveEvents;
  output: Output;
  version: string;
  /** For tests: the exporter an OTLP output pushes through. */
  makeExporter?: (config: OtlpOutputConfig, url: string, headers: Record<string, string>) => PushMetricExporter;
}

/** The standard OTLP/HTTP metrics path when the URL has none (as OTEL_EXPORTER_OTLP_ENDPOINT does). */
export function metricsUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.pathname === "" || parsed.pathname === "/") parsed.pathname = "/v1/metrics";
  return parsed.toString();
}

function otlpExporter(config: OtlpOutputConfig, url: string, headers: Record<string, string>): PushMetricExporter {
  return new OTLPMetricExporter({
    url,
    headers,
    timeoutMillis: config.timeoutMs,
    temporalityPreference: AggregationTemporalityPreference.CUMULATIVE,
  });
}

/**
 * Nothing is started when a header's variable is unset or a port is taken (OutputsError, exit 4), before the load.
 * Each closed second is folded into one LoadMetrics and read once: OTLP outputs queue that snapshot, the Prometheus
 * endpoint serves the newest at each scrape. At the load's end the OTLP queues flush while the run drains.
 */
export async function startOutputs(input: StartOutputsInput): Promise<RunOutputs> {
  const { labels, output } = input;
  const metrics = new LoadMetrics(labels);
  const resource: Resource = resourceFromAttributes({
    "service.name": "harness",
    "service.version": input.version,
    "service.instance.id": labels.runId,
  });
  const scope: ScopeMetrics["scope"] = { name: "harness", version: input.version };
  const producer: MetricProducer = {
    collect: () =>
      Promise.resolve({
        resourceMetrics: { resource, scopeMetrics: [{ scope, metrics: metrics.collect() }] },
        errors: [],
      }),
  };
  const queues: Array<{ queue: OtlpQueue; flushTimeoutMs: number }> = [];
  const endpoints: PrometheusEndpoint[] = [];
  const closeEndpoints = () => Promise.all(endpoints.map((e) => e.close())).then(() => undefined);
  try {
    for (const [i, config] of input.configs.entries()) {
      const path = `outputs[${i}]`;
      if (config.type === "otlp") {
        const url = metricsUrl(config.url);
        const headers = resolveHeaders(config.headers, input.env, path);
        const exporter = (input.makeExporter ?? otlpExporter)(config, url, headers);
        const where = redactUrl(url);
        queues.push({
          queue: new OtlpQueue(exporter, resource, scope, {
            buffer: config.buffer,
            timeoutMs: config.timeoutMs,
            where,
          }),
          flushTimeoutMs: config.flushTimeoutMs,
        });
        output.err(`[outputs] OTLP: each second to ${where}`);
      } else {
        const endpoint = await startPrometheus({ host: config.host, port: config.port, path }, resource, producer);
        endpoints.push(endpoint);
        output.err(`[outputs] Prometheus: scrape ${endpoint.url}`);
      }
    }
  } catch (error) {
    await closeEndpoints();
    throw error;
  }

  let flushing: Promise<OutputExport[]> | undefined;
  const flush = () => {
    flushing ??= Promise.all(queues.map(({ queue, flushTimeoutMs }) => queue.flush(flushTimeoutMs)));
    return flushing;
  };
  const stopListening = input.live.on((event) => {
    if (event.kind === "load-start") metrics.start(event.startedAt);
    else if (event.kind === "second") {
      metrics.add(event.row, event.detail);
      if (queues.length === 0 && endpoints.length === 0) return;
      const snapshot = metrics.collect();
      for (const { queue } of queues) queue.offer(snapshot);
      for (const endpoint of endpoints) endpoint.offered();
    } else if (event.kind === "load-end") void flush();
  });

  let finished: Promise<OutputsFile> | undefined;
  const finish = () => {
    finished ??= flush().then((pushed) => {
      const outputs = [...pushed, ...endpoints.map((e) => e.result())];
      for (const o of outputs)
        output.err(
          `[outputs] ${o.type === "otlp" ? "OTLP" : "Prometheus"} ${o.where}: ${o.type === "otlp" ? `${o.exported} of ${o.intervals} intervals exported` : `${o.exported} scrapes served over ${o.intervals} seconds`}`,
        );
      return { schemaVersion: 1 as const, runId: labels.runId, outputs };
    });
    return finished;
  };
  return {
    finish,
    close: async () => {
      stopListening();
      await flush();
      await closeEndpoints();
    },
  };
}
