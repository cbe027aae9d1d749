// Collector: GetMetricData for the target's queries over the run window, paginated, up to 500 queries a call.
import {
  GetMetricDataCommand,
  type GetMetricDataCommandOutput,
  type MetricDataQuery,
  type MetricDataResult,
} from "@aws-sdk/client-cloudwatch";
import type { AwsClients } from "../../aws/clients.ts";
import type { MetricQueryConfig } from "../../config/schema-target.ts";
import { MetricsCollectError } from "../errors.ts";
import type { MetricSeries, MetricsFile } from "../metrics-file.ts";
import { describeMetric } from "./aws-metrics.ts";
import { choosePeriod } from "./period.ts";

/** CloudWatch's limit of queries per GetMetricData call. */
export const maxQueriesPerCall = 500;

export interface CollectMetricsOptions {
  clients: Pick<AwsClients, "cloudwatch">;
  queries: readonly MetricQueryConfig[];
  /** Run window, epoch ms. */
  start: number;
  end: number;
  /** 1 when the metrics are high-resolution (the local stack publishes at 1 s); AWS service metrics are 60. */
  resolutionSeconds?: number;
  now?: () => number;
}

export async function collectMetrics(options: CollectMetricsOptions): Promise<MetricsFile> {
  const now = options.now ?? Date.now;
  const periodSeconds = choosePeriod({
    startMs: options.start,
    endMs: options.end,
    nowMs: now(),
    resolutionSeconds: options.resolutionSeconds ?? 60,
  });
  // Align to the period so the first and last buckets cover the whole run, not a slice of it.
  const periodMs = periodSeconds * 1000;
  const start = Math.floor(options.start / periodMs) * periodMs;
  const end = Math.ceil((options.end + 1) / periodMs) * periodMs;
  const series = new Map<string, MetricSeries>();
  for (const q of options.queries) {
    const known = describeMetric(q.namespace, q.metricName);
    series.set(q.id, {
      id: q.id,
      label: q.label ?? `${q.metricName} ${Object.values(q.dimensions).join("/")}`.trim(),
      namespace: q.namespace,
      metricName: q.metricName,
      dimensions: { ...q.dimensions },
      stat: q.stat,
      role: known.role,
      unit: known.unit,
      points: [],
      status: "Complete",
    });
  }
  const problems: string[] = [];
  for (let i = 0; i < options.queries.length; i += maxQueriesPerCall) {
    const batch = options.queries.slice(i, i + maxQueriesPerCall).map((q) => toQuery(q, periodSeconds));
    await fetchAll(options.clients, batch, start, end, series, problems);
  }
  for (const s of series.values()) s.points.sort((a, b) => a[0] - b[0]);
  return {
    schemaVersion: 1,
    collectedAt: new Date(now()).toISOString(),
    start,
    end,
    periodSeconds,
    series: [...series.values()],
    problems,
  };
}

function toQuery(q: MetricQueryConfig, period: number): MetricDataQuery {
  return {
    Id: q.id,
    Label: q.label,
    ReturnData: true,
    MetricStat: {
      Metric: {
        Namespace: q.namespace,
        MetricName: q.metricName,
        Dimensions: Object.entries(q.dimensions).map(([Name, Value]) => ({ Name, Value })),
      },
      Period: period,
      Stat: q.stat,
    },
  };
}

async function fetchAll(
  clients: Pick<AwsClients, "cloudwatch">,
  queries: MetricDataQuery[],
  start: number,
  end: number,
  series: Map<string, MetricSeries>,
  problems: string[],
): Promise<void> {
  let nextToken: string | undefined;
  do {
    let page: GetMetricDataCommandOutput;
    try {
      page = await clients.cloudwatch.send(
        new GetMetricDataCommand({
          MetricDataQueries: queries,
          StartTime: new Date(start),
          EndTime: new Date(end),
          ScanBy: "TimestampAscending",
          ...(nextToken === undefined ? {} : { NextToken: nextToken }),
        }),
      );
    } catch (error) {
      throw new MetricsCollectError(error instanceof Error ? error.message : String(error), error);
    }
    for (const result of page.MetricDataResults ?? []) {
      merge(series, result);
      for (const m of result.Messages ?? []) problems.push(`${result.Id}: ${m.Code ?? ""} ${m.Value ?? ""}`.trim());
    }
    for (const m of page.Messages ?? []) problems.push(`${m.Code ?? "Message"}: ${m.Value ?? ""}`.trim());
    nextToken = page.NextToken;
  } while (nextToken !== undefined && nextToken !== "");
}

function merge(series: Map<string, MetricSeries>, result: MetricDataResult): void {
  const target = result.Id === undefined ? undefined : series.get(result.Id);
  if (target === undefined) return;
  const times = result.Timestamps ?? [];
  const values = result.Values ?? [];
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    const v = values[i];
    if (t !== undefined && v !== undefined) target.points.push([Math.floor(t.getTime() / 1000), v]);
  }
  // PartialData on a page that has a NextToken is normal; the last page's status is the series' status.
  if (result.StatusCode !== undefined) target.status = result.StatusCode;
}
