// What both app processes share: logging, HTTP serving, AWS clients, the metrics publisher and a clean shutdown.
import { createServer, type RequestListener } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { type AwsClients, createAwsClients } from "../../aws/clients.ts";
import { localCredentials } from "../resources.ts";
import type { AppConfig } from "./config.ts";
import { sendJson } from "./http.ts";
import type { MetricsRegistry } from "./metrics.ts";
import { startMetricsPublisher } from "./metrics-publisher.ts";
import { type SqsJsonClient, sqsJsonClient } from "./sqs-json.ts";

export const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);

export function serve(port: number, handler: RequestListener): Promise<void> {
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      log(`unhandled: ${String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { message: "Internal server error" });
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
}

export function appAwsClients(config: AppConfig): AwsClients {
  return createAwsClients({
    region: config.region,
    staticCredentials: localCredentials,
    endpoints: config.endpoints,
    maxSockets: 256,
  });
}

/** The lean SQS client for the hot paths (the gateway's integration, the event source mappings' polls). */
export function appSqsJson(config: AppConfig): SqsJsonClient {
  return sqsJsonClient({
    endpoint: config.endpoints.sqs,
    region: config.region,
    credentials: localCredentials,
    connections: 256,
  });
}

/** Publishes metrics until SIGTERM/SIGINT, then runs `stopping` and flushes the last metrics before exiting. */
export function runUntilSignal(
  aws: AwsClients,
  metrics: MetricsRegistry,
  intervalMs: number,
  stopping: () => Promise<unknown>,
): void {
  const publisher = startMetricsPublisher(aws.cloudwatch, metrics, intervalMs, log);
  let stopped = false;
  const shutdown = async (signal: string) => {
    if (stopped) return;
    stopped = true;
    log(`${signal}: stopping, flushing metrics`);
    await Promise.race([stopping(), sleep(2_000)]);
    await Promise.race([publisher.stop(), sleep(2_000)]);
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}
