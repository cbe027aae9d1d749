// Puts the registry's data to CloudWatch every few seconds, as AWS services publish theirs; a failed put is retried next tick.
import { type CloudWatchClient, type MetricDatum, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import type { MetricsRegistry, Namespace } from "./metrics.ts";

/** PutMetricData takes up to 1000 data points per request. */
const maxPerRequest = 1000;

export interface MetricsPublisher {
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export function startMetricsPublisher(
  cloudwatch: CloudWatchClient,
  registry: MetricsRegistry,
  intervalMs: number,
  log: (line: string) => void,
): MetricsPublisher {
  let pending: Array<[Namespace, MetricDatum[]]> = [];
  let flushing: Promise<void> = Promise.resolve();

  const put = async (): Promise<void> => {
    for (const [namespace, data] of registry.drain()) pending.push([namespace, data]);
    const batch = pending;
    pending = [];
    for (const [namespace, data] of batch) {
      for (let i = 0; i < data.length; i += maxPerRequest) {
        const chunk = data.slice(i, i + maxPerRequest);
        try {
          await cloudwatch.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: chunk }));
        } catch (error) {
          pending.push([namespace, chunk]);
          log(`PutMetricData ${namespace} failed, kept for the next tick: ${String(error)}`);
        }
      }
    }
  };
  const flush = (): Promise<void> => {
    flushing = flushing.then(put);
    return flushing;
  };
  const timer = setInterval(() => void flush(), intervalMs);
  return {
    flush,
    async stop() {
      clearInterval(timer);
      await flush();
    },
  };
}
