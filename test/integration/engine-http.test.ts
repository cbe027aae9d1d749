// The engine against a real local HTTP server with a token bucket: the ledger agrees with what the server counted.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { memoryOutput } from "../../common/output.ts";
import { type ScenarioInput, scenarioSchema } from "../../config/schema-scenario.ts";
import type { LedgerClose, LedgerRecord } from "../../contracts/ledger.ts";
import type { ResolvedTarget } from "../../contracts/target.ts";
import { runLoad } from "../../loadtests/engine/index.ts";
import { arrivalPlan } from "../../loadtests/engine/rate-plan.ts";
import { freePort } from "../../local/emulators/free-port.ts";

/** What the test server saw: IDs it answered 200 and 429, and a switch to answer 500 (a broken backend). */
const seen = { ok: new Set<string>(), throttled: new Set<string>(), failing: false };
const bucket = { tokens: 50, capacity: 50, perMs: 0.3, at: performance.now() };

function take(): boolean {
  const t = performance.now();
  bucket.tokens = Math.min(bucket.capacity, bucket.tokens + (t - bucket.at) * bucket.perMs);
  bucket.at = t;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

let server: Server;
let target: ResolvedTarget;

beforeAll(async () => {
  const port = await freePort();
  server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", () => {
      const { id } = JSON.parse(body) as { id: string };
      if (seen.failing) {
        res.statusCode = 500;
      } else if (take()) {
        seen.ok.add(id);
        res.statusCode = 200;
      } else {
        seen.throttled.add(id);
        res.statusCode = 429;
      }
      res.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  target = {
    name: "test-server",
    kind: "local",
    environment: "local",
    maxRps: 10_000,
    aws: { region: "us-east-1" },
    http: {
      url: `http://127.0.0.1:${port}/orders`,
      method: "POST",
      headers: {},
      bodyTemplate: '{"id":"{{id}}","sentAt":{{sentAt}}}',
      timeoutMs: 5000,
    },
    queues: [],
    sinks: [],
    dlqs: [],
    metrics: [],
  };
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  seen.ok.clear();
  seen.throttled.clear();
  seen.failing = false;
  bucket.tokens = bucket.capacity;
  bucket.at = performance.now();
});

function readLedger(dir: string) {
  const records: LedgerRecord[] = [];
  const closes: LedgerClose[] = [];
  for (const file of readdirSync(dir).sort()) {
    for (const line of readFileSync(join(dir, file), "utf8").trim().split("\n")) {
      const parsed = JSON.parse(line) as LedgerRecord | LedgerClose;
      if ("end" in parsed) closes.push(parsed);
      else records.push(parsed);
    }
  }
  return { records, closes, ids: (o: string) => new Set(records.filter((r) => r.o === o).map((r) => r.id)) };
}

const scenario = (input: Partial<ScenarioInput> = {}) =>
  scenarioSchema.parse({ executor: "constant-arrival-rate", rate: 600, duration: "2s", gracefulStop: "3s", ...input });

describe("engine over HTTP", () => {
  it("a load above the server's token bucket: ledger acc and rej equal the server's 200s and 429s, ID for ID", async () => {
    const ledgerDir = mkdtempSync(join(tmpdir(), "engine-ledger-"));
    const s = scenario({ thresholds: { http_req_failed: ["rate<0.01"], iterations: ["count==1200"] } });
    const summary = await runLoad({
      runId: "20261126T160000Z-aaaaaaaa",
      scenarioName: "spike",
      scenario: s,
      target,
      ledgerDir,
      workers: 2,
      output: memoryOutput(),
    });
    const ledger = readLedger(ledgerDir);
    expect(ledger.closes).toHaveLength(2);
    expect(ledger.records).toHaveLength(1200);
    expect(ledger.ids("acc")).toEqual(seen.ok);
    expect(ledger.ids("rej")).toEqual(seen.throttled);
    expect(seen.throttled.size).toBeGreaterThan(100);
    expect(ledger.ids("unk").size).toBe(0);
    expect(ledger.records.every((r) => r.ch === "http" && (r.o === "acc" ? r.st === 200 : r.st === 429))).toBe(true);
    const closed = ledger.closes.reduce(
      (a, c) => ({ acc: a.acc + c.acc, rej: a.rej + c.rej, count: a.count + c.count }),
      {
        acc: 0,
        rej: 0,
        count: 0,
      },
    );
    expect(closed).toEqual({ acc: seen.ok.size, rej: seen.throttled.size, count: 1200 });
    expect(summary).toMatchObject({
      plannedArrivals: 1200,
      sent: 1200,
      dropped: 0,
      acc: seen.ok.size,
      rej: seen.throttled.size,
      unk: 0,
      interrupted: false,
      aborted: null,
      status: { "200": seen.ok.size, "429": seen.throttled.size },
    });
    expect(summary.thresholds.map((t) => [t.expression, t.ok])).toEqual([
      ["rate<0.01", false],
      ["count==1200", true],
    ]);
    expect(summary.perSecond.reduce((a, s) => a + s.sent, 0)).toBe(1200);
    // Every message answered was written to its socket once, in some second.
    expect(summary.perSecond.reduce((a, s) => a + (s.written ?? 0), 0)).toBe(1200);
    expect(summary.latency.intended?.count).toBe(1200);
  });

  it("two segments of one plan write disjoint ledgers that together equal the plan and what the server saw", async () => {
    const ledgerDir = mkdtempSync(join(tmpdir(), "engine-ledger-"));
    const s = scenarioSchema.parse({
      executor: "ramping-arrival-rate",
      startRate: 100,
      stages: [{ duration: "2s", target: 500 }],
      gracefulStop: "3s",
    });
    const runs = await Promise.all(
      [1, 2].map((index) =>
        runLoad({
          runId: "20261126T160000Z-bbbbbbbb",
          scenarioName: "ramp",
          scenario: s,
          target,
          ledgerDir,
          workers: 1,
          segment: { index, count: 2 },
          output: memoryOutput(),
        }),
      ),
    );
    const total = arrivalPlan(s).total;
    expect(runs.map((r) => r.plannedArrivals)).toEqual([Math.ceil(total / 2), Math.floor(total / 2)]);
    const files = readdirSync(ledgerDir).sort();
    expect(files).toEqual(["s1of2-w0.ndjson", "s2of2-w0.ndjson"]);
    const [first, second] = files.map((f) => {
      const ids = readFileSync(join(ledgerDir, f), "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as LedgerRecord)
        .filter((r) => r.id !== undefined)
        .map((r) => r.id);
      return new Set(ids);
    }) as [Set<string>, Set<string>];
    expect([...first].filter((id) => second.has(id))).toEqual([]);
    const union = new Set([...first, ...second]);
    const expected = new Set(Array.from({ length: total }, (_, k) => `20261126T160000Z-bbbbbbbb-ramp-${k}`));
    expect(union).toEqual(expected);
    expect(union).toEqual(new Set([...seen.ok, ...seen.throttled]));
    expect(runs.reduce((a, r) => a + r.acc, 0)).toBe(seen.ok.size);
  });

  it("an abort signal stops arrivals, closes the ledger, and marks the run interrupted", async () => {
    const ledgerDir = mkdtempSync(join(tmpdir(), "engine-ledger-"));
    const controller = new AbortController();
    // Abort once the load is visibly under way (start-up time varies on a busy machine).
    const watch = setInterval(() => {
      if (seen.ok.size + seen.throttled.size >= 50) {
        clearInterval(watch);
        controller.abort();
      }
    }, 10);
    const summary = await runLoad({
      runId: "20261126T160000Z-cccccccc",
      scenarioName: "soak",
      scenario: scenario({ rate: 100, duration: "20s" }),
      target,
      ledgerDir,
      workers: 1,
      output: memoryOutput(),
      signal: controller.signal,
    });
    const ledger = readLedger(ledgerDir);
    expect(summary.interrupted).toBe(true);
    expect(summary.sent).toBeGreaterThanOrEqual(50);
    expect(summary.sent).toBeLessThan(1000);
    expect(ledger.records).toHaveLength(summary.sent);
    expect(ledger.closes).toEqual([
      { end: true, worker: "w0", count: summary.sent, acc: summary.acc, rej: summary.rej, unk: summary.unk },
    ]);
  });

  it("an abortOnFail threshold stops the load once delayAbortEval has passed; 5xx are unk", async () => {
    const ledgerDir = mkdtempSync(join(tmpdir(), "engine-ledger-"));
    seen.failing = true;
    const output = memoryOutput();
    const summary = await runLoad({
      runId: "20261126T160000Z-dddddddd",
      scenarioName: "breakpoint",
      scenario: scenario({
        rate: 100,
        duration: "20s",
        thresholds: { http_req_failed: [{ threshold: "rate<0.05", abortOnFail: true, delayAbortEval: "1s" }] },
      }),
      target,
      ledgerDir,
      workers: 1,
      output,
    });
    expect(summary.aborted?.reason).toContain("http_req_failed rate<0.05");
    expect(summary.sent).toBeLessThan(600);
    expect(summary.unk).toBe(summary.sent);
    expect(summary.status).toEqual({ "500": summary.sent });
    expect(summary.thresholds).toEqual([
      { metric: "http_req_failed", expression: "rate<0.05", ok: false, value: 1, abortOnFail: true },
    ]);
    expect(output.stderr.some((l) => l.includes("aborting"))).toBe(true);
    expect(readLedger(ledgerDir).records.every((r) => r.o === "unk" && r.err === "HTTP 500")).toBe(true);
  });

  it("constant-vus (closed model): each VU sends its own stripe of IDs, one message at a time", async () => {
    const ledgerDir = mkdtempSync(join(tmpdir(), "engine-ledger-"));
    const summary = await runLoad({
      runId: "20261126T160000Z-eeeeeeee",
      scenarioName: "vus",
      scenario: scenarioSchema.parse({ executor: "constant-vus", vus: 4, duration: "1s" }),
      target,
      ledgerDir,
      workers: 2,
      output: memoryOutput(),
    });
    const ledger = readLedger(ledgerDir);
    expect(summary.sent).toBeGreaterThan(20);
    expect(ledger.records).toHaveLength(summary.sent);
    expect(summary.plannedArrivals).toBe(summary.sent);
    const ns = ledger.records.map((r) => Number(r.id.split("-").at(-1)));
    expect(new Set(ns).size).toBe(ns.length);
    // VU v sends v, v+4, v+8...: every VU's numbers are contiguous from its first.
    for (let v = 0; v < 4; v++) {
      const mine = ns.filter((n) => n % 4 === v).sort((a, b) => a - b);
      expect(mine).toEqual(mine.map((_, j) => v + 4 * j));
    }
    expect(new Set([...seen.ok, ...seen.throttled]).size).toBe(summary.sent);
  });
});
