// The OTLP queue: offers never wait for the collector; a bounded buffer; failures, evictions and a timed-out flush counted.
import { resourceFromAttributes } from "@opentelemetry/resources";
import type { PushMetricExporter, ResourceMetrics } from "@opentelemetry/sdk-metrics";
import { describe, expect, it } from "vitest";
import { OtlpQueue, reasonOf } from "../../runner/outputs/otlp-output.ts";

type Answer = (result: { code: number; error?: Error }) => void;

/** An exporter whose answers the test gives, one per export, in order. */
function heldExporter() {
  const pending: Array<{ metrics: ResourceMetrics; answer: Answer }> = [];
  let shutdowns = 0;
  const exporter: PushMetricExporter = {
    export: (metrics, answer) => void pending.push({ metrics, answer }),
    forceFlush: () => Promise.resolve(),
    shutdown: () => {
      shutdowns++;
      return Promise.resolve();
    },
  };
  return { exporter, pending, shutdowns: () => shutdowns };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));
const scope = { name: "harness" };
const resource = resourceFromAttributes({ "service.name": "harness" });
const options = { buffer: 3, timeoutMs: 5_000, where: "http://collector:4318/v1/metrics" };

describe("OtlpQueue", () => {
  it("exports the intervals one at a time, in order, starting after the offer returned", async () => {
    const { exporter, pending } = heldExporter();
    const queue = new OtlpQueue(exporter, resource, scope, options);
    queue.offer([]);
    queue.offer([]);
    expect(pending).toHaveLength(0);
    await turn();
    expect(pending).toHaveLength(1);
    expect(pending[0]?.metrics.resource).toBe(resource);
    pending[0]?.answer({ code: 0 });
    await turn();
    expect(pending).toHaveLength(2);
    pending[1]?.answer({ code: 0 });
    expect(await queue.flush(1_000)).toEqual({
      type: "otlp",
      where: options.where,
      intervals: 2,
      exported: 2,
      dropped: 0,
      reasons: [],
    });
  });

  it("counts a failed export with its reason, and drops the oldest interval beyond the buffer", async () => {
    const { exporter, pending } = heldExporter();
    const queue = new OtlpQueue(exporter, resource, scope, options);
    queue.offer([]);
    await turn();
    // One export under way, then five more offered: the buffer holds 3, so the 2 oldest of them go.
    for (let i = 0; i < 5; i++) queue.offer([]);
    pending[0]?.answer({ code: 1, error: Object.assign(new Error("Service Unavailable"), { code: 503 }) });
    for (let i = 1; i <= 3; i++) {
      await turn();
      pending[i]?.answer({ code: 0 });
    }
    const result = await queue.flush(1_000);
    expect(result).toMatchObject({ intervals: 6, exported: 3, dropped: 3 });
    expect(result.reasons).toEqual([
      { reason: "buffer full (3 intervals): the collector answered slower than 1/s", count: 2 },
      { reason: "HTTP 503: Service Unavailable", count: 1 },
    ]);
  });

  it("gives up at the flush timeout, counts what was left, and ignores a late answer", async () => {
    const { exporter, pending, shutdowns } = heldExporter();
    const queue = new OtlpQueue(exporter, resource, scope, options);
    queue.offer([]);
    queue.offer([]);
    await turn();
    const started = Date.now();
    const result = await queue.flush(50);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(result).toMatchObject({
      intervals: 2,
      exported: 0,
      dropped: 2,
      reasons: [{ reason: "still queued when the flush gave up after 50ms", count: 2 }],
    });
    expect(shutdowns()).toBe(1);
    pending[0]?.answer({ code: 0 });
    queue.offer([]);
    await turn();
    expect(await queue.flush(50)).toEqual(result);
  });

  it("keeps at most five distinct reasons, the rest counted together", async () => {
    const { exporter, pending } = heldExporter();
    const queue = new OtlpQueue(exporter, resource, scope, { ...options, buffer: 10 });
    for (let i = 0; i < 7; i++) queue.offer([]);
    for (let i = 0; i < 7; i++) {
      await turn();
      pending[i]?.answer({ code: 1, error: new Error(`failure ${i}`) });
    }
    const result = await queue.flush(1_000);
    expect(result.dropped).toBe(7);
    expect(result.reasons.map((r) => [r.reason, r.count])).toEqual([
      ["failure 0", 1],
      ["failure 1", 1],
      ["failure 2", 1],
      ["failure 3", 1],
      ["failure 4", 1],
      ["other reasons", 2],
    ]);
  });

  it("says why in one short line", () => {
    expect(reasonOf(new Error("connect ECONNREFUSED 127.0.0.1:4318"))).toBe("connect ECONNREFUSED 127.0.0.1:4318");
    expect(reasonOf(Object.assign(new Error("Not Found\nbody"), { code: 404 }))).toBe("HTTP 404: Not Found");
    expect(reasonOf("x".repeat(500))).toHaveLength(120);
  });
});
