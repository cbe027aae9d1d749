// Metrics outputs in a real run against the local target (#19): an OTLP/HTTP receiver written here gets each second
// exactly as load-summary.json has it, a Prometheus scrape returns the same counters, and a collector that dies mid-run
// costs the run nothing but the intervals it dropped, which the summary and the report name.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Output } from "../../common/output.ts";
import { validateConfig } from "../../config/validate.ts";
import type { LoadSummary } from "../../contracts/load-summary.ts";
import type { OutputsFile } from "../../contracts/outputs.ts";
import { type EnsuredLocal, ensureLocalUp } from "../../local/index.ts";
import { LiveEvents } from "../../runner/live-events.ts";
import { OutputsError } from "../../runner/outputs/errors.ts";
import { startOutputs } from "../../runner/outputs/start-outputs.ts";
import { runOnce } from "../../runner/run.ts";
import { tempCwd } from "./local-helpers.ts";

/** A header placeholder as a user writes it in the config: `${NAME}`. */
const env = (name: string) => `$${"{"}${name}}`;

const target = {
  kind: "local",
  maxRps: 500,
  gateway: { rate: 1000, burst: 200 },
  consumers: { batchSize: 10, maxConcurrency: 4, visibilityTimeoutSeconds: 2 },
};

function configWith(outputs: unknown[]) {
  return validateConfig({
    runsDir: "runs",
    targets: { local: target },
    scenarios: { short: { executor: "constant-arrival-rate", rate: 40, duration: "4s" } },
    drain: { timeout: "30s", settle: "1s" },
    gates: { maxLost: 0 },
    outputs,
  });
}

interface Point {
  name: string;
  attributes: Record<string, string>;
  value: number;
  /** End of the interval, epoch seconds. */
  t: number;
}

/** The sums and gauges of one OTLP/HTTP JSON export, flattened. */
function pointsOf(body: unknown): Point[] {
  const points: Point[] = [];
  const rm = (body as { resourceMetrics: Array<{ scopeMetrics: Array<{ metrics: unknown[] }> }> }).resourceMetrics;
  for (const r of rm)
    for (const s of r.scopeMetrics)
      for (const m of s.metrics as Array<{ name: string; sum?: { dataPoints: unknown[] } }>)
        for (const p of (m.sum?.dataPoints ?? []) as Array<{
          attributes: Array<{ key: string; value: { stringValue: string } }>;
          asInt?: number | string;
          asDouble?: number;
          timeUnixNano: string | number;
        }>)
          points.push({
            name: m.name,
            attributes: Object.fromEntries(p.attributes.map((a) => [a.key, a.value.stringValue])),
            value: Number(p.asInt ?? p.asDouble),
            t: Number(BigInt(p.timeUnixNano) / 1_000_000_000n),
          });
  return points;
}

/** An OTLP/HTTP collector: keeps each export's body; `stopAfter` exports, it stops listening (a collector gone). */
function receiver(stopAfter = Number.POSITIVE_INFINITY) {
  const exports: unknown[] = [];
  const teams: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    // A request that slipped in before the close meets a collector already gone.
    if (exports.length >= stopAfter) {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      expect(req.url).toBe("/v1/metrics");
      expect(req.headers["content-type"]).toContain("application/json");
      exports.push(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      teams.push(String(req.headers["x-team"]));
      // Gone only once the answer is out, so the export that hit the limit still counts as delivered.
      const last = exports.length >= stopAfter;
      res.writeHead(200, { "content-type": "application/json" }).end("{}", () => {
        if (!last) return;
        server.close();
        server.closeAllConnections();
      });
    });
  });
  return {
    exports,
    /** The x-team header of each export. */
    teams,
    server,
    start: () =>
      new Promise<string>((resolve) =>
        server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
      ),
  };
}

/** Output that remembers its lines and lets a test act when one appears (the run goes on meanwhile). */
function watchedOutput(onLine: (line: string) => void): Output & { lines: string[] } {
  const lines: string[] = [];
  const push = (text: string) => {
    lines.push(text);
    onLine(text);
  };
  return { lines, out: push, err: push, interactive: false, color: false };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Sum of a metric's points at one time, over the points whose attributes match. */
function total(points: Point[], name: string, match: Record<string, string> = {}): number {
  return points
    .filter((p) => p.name === name && Object.entries(match).every(([k, v]) => p.attributes[k] === v))
    .reduce((a, p) => a + p.value, 0);
}

describe("metrics outputs in a run against the local target", () => {
  const cwd = tempCwd("harness-outputs-");
  let local: EnsuredLocal;

  beforeAll(async () => {
    local = await ensureLocalUp(
      { cwd, output: watchedOutput(() => {}) },
      "local",
      configWith([]).targets.local as never,
    );
  });
  afterAll(async () => {
    await local?.stop();
  });

  const request = {
    target: "local",
    scenario: "short",
    config: undefined,
    runsDir: undefined,
    rate: undefined,
    duration: undefined,
    confirmProduction: false,
    compare: undefined,
    segment: undefined,
  };

  it("streams each second to an OTLP collector as load-summary.json has it, and a scrape returns the same totals", async () => {
    const collector = receiver();
    const url = await collector.start();
    let scrapeUrl = "";
    let scrape: Promise<string> | undefined;
    const output = watchedOutput((line) => {
      const at = /^\[outputs\] Prometheus: scrape (\S+)/.exec(line);
      if (at !== null) scrapeUrl = at[1] as string;
      // The load has ended and the endpoint still serves while the run drains: scrape once, then.
      if (line.startsWith("[drain] started")) scrape = fetch(scrapeUrl).then((r) => r.text());
    });
    const config = configWith([
      { type: "otlp", url, headers: { "x-team": env("OUTPUTS_TEST_TEAM") } },
      { type: "prometheus", port: 0 },
    ]);
    const outcome = await runOnce(
      { cwd, env: { OUTPUTS_TEST_TEAM: "queue-team" }, output },
      config,
      undefined,
      request,
    );
    collector.server.close();
    expect(outcome.exitCode, output.lines.join("\n")).toBe(0);
    const summary = JSON.parse(readFileSync(outcome.run.loadSummary, "utf8")) as LoadSummary;
    const outputs = JSON.parse(readFileSync(join(outcome.run.dir, "outputs.json"), "utf8")) as OutputsFile;

    // One export per closed second, none dropped; each export's cumulative totals end at its second.
    expect(outputs.outputs[0]).toMatchObject({
      type: "otlp",
      intervals: summary.perSecond.length,
      exported: summary.perSecond.length,
      dropped: 0,
    });
    expect(collector.exports).toHaveLength(summary.perSecond.length);
    // The header's value came from the environment and reached the collector, and no artifact holds it.
    expect(new Set(collector.teams)).toEqual(new Set(["queue-team"]));
    for (const file of filesUnder(outcome.run.dir))
      expect(readFileSync(file, "utf8"), file).not.toContain("queue-team");
    const byExport = collector.exports.map(pointsOf);
    const labels = { "harness.run.id": outcome.run.runId, "harness.target": "local", "harness.scenario": "short" };
    for (const points of byExport) for (const p of points) expect(p.attributes).toMatchObject(labels);
    const seconds = byExport.map((points, i) => {
      const before = i === 0 ? [] : (byExport[i - 1] as Point[]);
      const delta = (name: string, match?: Record<string, string>) =>
        total(points, name, match) - total(before, name, match);
      return {
        t: (points[0] as Point).t - 1,
        planned: delta("harness.load.planned"),
        sent: delta("harness.load.sent"),
        dropped: delta("harness.load.dropped"),
        acc: delta("harness.load.outcomes", { "harness.outcome": "accepted" }),
        rej: delta("harness.load.outcomes", { "harness.outcome": "rejected" }),
        unk: delta("harness.load.outcomes", { "harness.outcome": "unknown" }),
      };
    });
    expect(seconds).toEqual(
      summary.perSecond.map(({ t, planned, sent, dropped, acc, rej, unk }) => ({
        t,
        planned,
        sent,
        dropped,
        acc,
        rej,
        unk,
      })),
    );
    expect(summary.sent).toBe(160);

    // The scrape, taken while the run drained, shows the run's final totals.
    expect(scrape).toBeDefined();
    const text = await (scrape as Promise<string>);
    const sample = (name: string, match: string) =>
      text
        .split("\n")
        .filter(
          (l) => l.startsWith(`${name}{`) && l.includes(match) && l.includes(`harness_run_id="${outcome.run.runId}"`),
        )
        .reduce((a, l) => a + Number(l.slice(l.lastIndexOf(" ") + 1)), 0);
    expect({
      planned: sample("harness_load_planned_total", ""),
      sent: sample("harness_load_sent_total", 'harness_channel="http"'),
      acc: sample("harness_load_outcomes_total", 'harness_outcome="accepted"'),
      rej: sample("harness_load_outcomes_total", 'harness_outcome="rejected"'),
      unk: sample("harness_load_outcomes_total", 'harness_outcome="unknown"'),
      dropped: sample("harness_load_dropped_total", ""),
      latencyCount: sample("harness_load_latency_count", ""),
    }).toEqual({
      planned: summary.plannedArrivals,
      sent: summary.byChannel.http?.sent,
      acc: summary.acc,
      rej: summary.rej,
      unk: summary.unk,
      dropped: summary.dropped,
      latencyCount: summary.latency.intended?.count,
    });
  });

  it("goes on when the collector dies mid-run: the run passes, the summary and the report name the dropped intervals", async () => {
    const collector = receiver(2);
    const url = await collector.start();
    const output = watchedOutput(() => {});
    const config = configWith([{ type: "otlp", url, timeout: "1s", flushTimeout: "1s" }]);
    const outcome = await runOnce({ cwd, env: {}, output }, config, undefined, request);
    const log = output.lines.join("\n");
    expect(outcome.exitCode, log).toBe(0);
    expect(outcome.verdict?.valid).toBe(true);
    const summary = JSON.parse(readFileSync(outcome.run.loadSummary, "utf8")) as LoadSummary;
    expect(summary.sent).toBe(160);
    const outputs = JSON.parse(readFileSync(join(outcome.run.dir, "outputs.json"), "utf8")) as OutputsFile;
    const otlp = outputs.outputs[0];
    const seconds = summary.perSecond.length;
    expect(otlp).toMatchObject({ type: "otlp", intervals: seconds, exported: 2, dropped: seconds - 2 });
    expect(collector.exports).toHaveLength(2);
    expect(otlp?.reasons.map((r) => r.reason).join("; ")).toMatch(/ECONNREFUSED/);
    const line = `OTLP export: ${seconds - 2} of ${seconds} intervals dropped (`;
    expect(log).toContain(`finding: ${line}`);
    expect(readFileSync(outcome.run.summaryMd, "utf8")).toContain(line);
    expect(readFileSync(outcome.run.reportHtml, "utf8")).toContain(line);
  });

  it("refuses a scrape port already taken before anything starts (exit 4), and serves only GET /metrics", async () => {
    const taken = createServer(() => {});
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as AddressInfo).port;
    const start = (configs: unknown[]) =>
      startOutputs({
        configs: configWith(configs).outputs,
        env: {},
        labels: { runId: "r1", target: "local", scenario: "short" },
        live: new LiveEvents(),
        output: watchedOutput(() => {}),
        version: "0",
      });
    try {
      const refused = await start([{ type: "prometheus", port }]).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(OutputsError);
      expect((refused as OutputsError).message).toBe(`outputs[0].port: port ${port} on 127.0.0.1 is already in use`);
      expect((refused as OutputsError).exitCode).toBe(4);
    } finally {
      taken.close();
    }
    const outputs = await start([{ type: "prometheus", port: 0 }]);
    const address = await outputs.finish();
    const url = address.outputs[0]?.where ?? "";
    expect((await fetch(url.replace("/metrics", "/other"))).status).toBe(404);
    // Before the first second there is nothing of the run's to show, but the endpoint answers.
    expect((await fetch(url)).status).toBe(200);
    await outputs.close();
    await expect(fetch(url)).rejects.toThrow();
  });
});
