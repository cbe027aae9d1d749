// Serves the run's metrics for a Prometheus scrape (GET /metrics) while the run lasts, through the SDK's Prometheus exporter.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { PrometheusExporter } from "@opentelemetry/exporter-prometheus";
import type { Resource } from "@opentelemetry/resources";
import { MeterProvider, type MetricProducer } from "@opentelemetry/sdk-metrics";
import type { OutputExport } from "../../contracts/outputs.ts";
import { OutputsError } from "./errors.ts";
import { ExportStats } from "./export-stats.ts";

export interface PrometheusEndpoint {
  /** The scrape URL, with the port chosen when the config said 0. */
  readonly url: string;
  /** A closed second was folded in (counted, so the summary can say how many the scrapes could see). */
  offered(): void;
  result(): OutputExport;
  close(): Promise<void>;
}

/**
 * The exporter renders what the producer holds at each scrape; its own server is not used, so the port (0 for any),
 * the address and a port already taken are handled here and named in the error.
 */
export async function startPrometheus(
  options: { host: string; port: number; path: string },
  resource: Resource,
  producer: MetricProducer,
): Promise<PrometheusEndpoint> {
  const exporter = new PrometheusExporter({ preventServerStart: true, metricProducers: [producer] });
  const provider = new MeterProvider({ resource, readers: [exporter] });
  let scrapes = 0;
  const server = createServer((req, res) => {
    if (req.method === "GET" && new URL(req.url ?? "/", "http://x").pathname === "/metrics") {
      scrapes++;
      exporter.getMetricsRequestHandler(req, res);
      return;
    }
    res.statusCode = 404;
    res.end("harness: scrape GET /metrics\n");
  });
  await listen(server, options);
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}/metrics`;
  const stats = new ExportStats("prometheus", url);
  return {
    url,
    offered: () => {
      stats.intervals++;
    },
    result: () => ({ ...stats.result(), exported: scrapes }),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await provider.shutdown().catch(() => undefined);
    },
  };
}

function listen(server: Server, options: { host: string; port: number; path: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      const taken = error.code === "EADDRINUSE";
      reject(
        new OutputsError(
          `${options.path}.port`,
          taken
            ? `port ${options.port} on ${options.host} is already in use`
            : `cannot listen on ${options.host}:${options.port}: ${error.message}`,
          taken
            ? "Pick another port for the prometheus output, or 0 for any free one (printed when the run starts)."
            : "Check the prometheus output's host and port.",
          error,
        ),
      );
    });
    server.listen(options.port, options.host, () => resolve());
  });
}
