// Pushes each closed second to an OTLP/HTTP collector off the load's path: a bounded queue, one export at a time, drops counted.
import type { Resource } from "@opentelemetry/resources";
import type { MetricData, PushMetricExporter, ResourceMetrics, ScopeMetrics } from "@opentelemetry/sdk-metrics";
import { formatDuration } from "../../common/duration.ts";
import type { OutputExport } from "../../contracts/outputs.ts";
import { ExportStats } from "./export-stats.ts";

export interface OtlpQueueOptions {
  /** Intervals held while an export is under way; the oldest goes (counted) beyond it. */
  buffer: number;
  /** One export's limit; the exporter has the same one, this guards against a callback that never comes. */
  timeoutMs: number;
  /** The collector as the summary names it (secrets redacted). */
  where: string;
}

type ExportResultOf = Parameters<Parameters<PushMetricExporter["export"]>[1]>[0];
/** ExportResultCode.SUCCESS of @opentelemetry/core, which this project does not depend on directly. */
const exportSucceeded = 0;

/** Why an export failed, in one short line: the HTTP status when the collector answered, else the error. */
export function reasonOf(error: unknown): string {
  const e = error as { message?: unknown; code?: unknown } | null;
  const message = typeof e?.message === "string" && e.message !== "" ? e.message : String(error);
  const first = (message.split("\n")[0] as string).slice(0, 120);
  return typeof e?.code === "number" ? `HTTP ${e.code}: ${first}` : first;
}

/**
 * The load never waits for it: offer() only queues (the snapshot is already made, cumulative, so an interval dropped
 * costs resolution, not counts), and the exports run one at a time on the event loop. flush() waits for the queue a
 * bounded time at the end of the load; what is left is counted as dropped with the reason.
 */
export class OtlpQueue {
  private readonly queue: ResourceMetrics[] = [];
  private readonly stats: ExportStats;
  private readonly exporter: PushMetricExporter;
  private readonly resource: Resource;
  private readonly scope: ScopeMetrics["scope"];
  private readonly options: OtlpQueueOptions;
  private running: Promise<void> | null = null;
  /** Once the flush gave up: a late answer no longer counts. */
  private closed = false;

  constructor(
    exporter: PushMetricExporter,
    resource: Resource,
    scope: ScopeMetrics["scope"],
    options: OtlpQueueOptions,
  ) {
    this.exporter = exporter;
    this.resource = resource;
    this.scope = scope;
    this.options = options;
    this.stats = new ExportStats("otlp", options.where);
  }

  offer(metrics: MetricData[]): void {
    if (this.closed) return;
    this.stats.intervals++;
    this.queue.push({ resource: this.resource, scopeMetrics: [{ scope: this.scope, metrics }] });
    if (this.queue.length > this.options.buffer) {
      this.queue.shift();
      this.stats.drop(`buffer full (${this.options.buffer} intervals): the collector answered slower than 1/s`);
    }
    // The first export starts on the next turn of the event loop, never inside the caller (the aggregator's merge).
    this.running ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.pump());
  }

  private async pump(): Promise<void> {
    for (let next = this.queue.shift(); next !== undefined && !this.closed; next = this.queue.shift()) {
      const error = await this.exportOne(next);
      if (this.closed) break;
      if (error === null) this.stats.exported++;
      else this.stats.drop(reasonOf(error));
    }
    this.running = null;
  }

  private exportOne(metrics: ResourceMetrics): Promise<unknown> {
    return new Promise((resolve) => {
      const guard = setTimeout(
        () => resolve(new Error(`no answer within ${formatDuration(this.options.timeoutMs)}`)),
        this.options.timeoutMs + 1_000,
      );
      const done = (result: ExportResultOf) => {
        clearTimeout(guard);
        resolve(result.code === exportSucceeded ? null : (result.error ?? new Error("export failed")));
      };
      try {
        this.exporter.export(metrics, done);
      } catch (error) {
        clearTimeout(guard);
        resolve(error);
      }
    });
  }

  /** Waits up to `timeoutMs` for the queued intervals, then stops; the counts are final after it. */
  async flush(timeoutMs: number): Promise<OutputExport> {
    if (this.closed) return this.stats.result();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => {
      timer = setTimeout(() => resolve("late"), timeoutMs);
    });
    let running = this.running;
    while (running !== null) {
      if ((await Promise.race([running.then(() => "done" as const), late])) === "late") break;
      running = this.running;
    }
    clearTimeout(timer);
    const left = this.queue.length + (this.running === null ? 0 : 1);
    this.closed = true;
    this.queue.length = 0;
    this.stats.drop(`still queued when the flush gave up after ${formatDuration(timeoutMs)}`, left);
    await Promise.race([this.exporter.shutdown().catch(() => undefined), delay(1_000)]);
    return this.stats.result();
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
