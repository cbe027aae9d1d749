// A flow of two calls per message (a token, then the order with it) in two worker threads: per-step sub-metrics,
// tag-filtered thresholds, and a flow that throws for some messages (or leaves stray rejected promises), each message
// one ledger record with its reason.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryOutput } from "../../common/output.ts";
import { scenarioSchema } from "../../config/schema-scenario.ts";
import type { LedgerRecord } from "../../contracts/ledger.ts";
import type { ResolvedTarget } from "../../contracts/target.ts";
import { runLoad } from "../../loadtests/engine/index.ts";

const runId = "20261130T160000Z-flowflow";
const tokens = new Set<string>();
const orders: Array<{ id: string; token: string }> = [];
let tokenCalls = 0;
const server = createServer((req, res) => {
  let body = "";
  req.setEncoding("utf8");
  req.on("data", (chunk: string) => {
    body += chunk;
  });
  req.on("end", () => {
    if (req.method === "POST" && req.url === "/tokens") {
      tokenCalls++;
      const token = `t-${tokenCalls}`;
      tokens.add(token);
      // Slow enough that the token step's durations stand apart from the order step's.
      setTimeout(() => {
        res.writeHead(201, { "content-type": "application/json", "x-token-ttl": "60" });
        res.end(JSON.stringify({ token }));
      }, 40);
      return;
    }
    if (req.method === "POST" && req.url === "/orders") {
      const token = (req.headers.authorization ?? "").replace("Bearer ", "");
      if (!tokens.has(token)) {
        res.writeHead(401).end();
        return;
      }
      const { id } = JSON.parse(body) as { id: string };
      orders.push({ id, token });
      // Every tenth message from n = 5 is a conflict: a definite no from the target.
      res.writeHead(Number(id.slice(`${runId}-orders-`.length)) % 10 === 5 ? 409 : 202).end("{}");
      return;
    }
    // Never answered: the call's timeout is the flow's to see.
    if (req.url === "/slow") return;
    res.writeHead(404).end();
  });
});
let url = "";

beforeAll(async () => {
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}/orders`;
});
afterAll(
  () =>
    new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
);

function flowModule(source: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "engine-flow-")), "flow.ts");
  const config = pathToFileURL(resolve("config/flow.ts")).href;
  writeFileSync(file, `import { defineFlow } from ${JSON.stringify(config)};\n${source}`);
  return file;
}

function target(timeoutMs = 5000): ResolvedTarget {
  return {
    name: "t",
    kind: "local",
    environment: "local",
    maxRps: 1000,
    aws: { region: "us-east-1" },
    http: { url, method: "POST", headers: { "x-team": "orders" }, bodyTemplate: "{}", timeoutMs },
    queues: [],
    sinks: [],
    dlqs: [],
    metrics: [],
  };
}

function ledgerRecords(dir: string): LedgerRecord[] {
  return readdirSync(dir)
    .flatMap((f) => readFileSync(join(dir, f), "utf8").trim().split("\n"))
    .map((line) => JSON.parse(line) as LedgerRecord & { end?: true })
    .filter((r) => r.end === undefined);
}

const nOf = (id: string) => Number(id.slice(`${runId}-orders-`.length));

describe("a flow of two calls per message", () => {
  it("times each step, judges step-filtered thresholds, and ledgers every message once, throwing ones included", async () => {
    const flow = flowModule(`
export default defineFlow(
  async (msg, ctx) => {
    if (msg.n % 10 === 3) throw new Error("no token for this one");
    if (msg.n % 10 === 9) {
      // Stray promises the flow never awaits: a call off the target's origin, and its own rejection.
      void ctx.http.get("http://elsewhere.invalid/x");
      void Promise.reject(new Error("stray"));
    }
    const t = await ctx.http.post("/tokens", { client: "load" }, { step: "token" });
    if (t.status !== 201 || t.headers["x-token-ttl"] !== "60") return { outcome: "rej", reason: "token: HTTP " + t.status };
    const { token } = t.json<{ token: string }>();
    if (msg.n % 10 === 7) throw new Error("broke after the token");
    return ctx.http.post("/orders", { id: msg.id, sentAt: msg.sentAt }, { step: "order", headers: { authorization: "Bearer " + token } });
  },
  { steps: ["token", "order"] },
);
`);
    const ledgerDir = mkdtempSync(join(tmpdir(), "engine-flow-ledger-"));
    const summary = await runLoad({
      runId,
      scenarioName: "orders",
      scenario: scenarioSchema.parse({
        executor: "constant-arrival-rate",
        rate: 100,
        duration: "2s",
        flow,
        thresholds: {
          "http_req_duration{step:token}": ["min>=30"],
          "http_req_failed{step:token}": ["rate==0"],
          "http_req_failed{step:order}": ["rate<0.1"],
          http_req_failed: ["rate<0.5"],
        },
      }),
      target: target(),
      ledgerDir,
      workers: 2,
      output: memoryOutput(),
    });

    // 200 messages: 20 threw before a call (rej), 20 after the token (unk), 20 conflicts (rej), 140 accepted.
    expect(summary).toMatchObject({ sent: 200, acc: 140, rej: 40, unk: 20, dropped: 0 });
    expect(summary.steps?.token).toMatchObject({ calls: 180, acc: 180, rej: 0, unk: 0 });
    expect(summary.steps?.order).toMatchObject({ calls: 160, acc: 140, rej: 20, unk: 0 });
    expect(summary.steps?.token?.duration?.count).toBe(180);
    expect(summary.thresholds.map((t) => [t.metric, t.ok, t.value])).toEqual([
      ["http_req_duration{step:token}", true, expect.any(Number)],
      ["http_req_failed{step:token}", true, 0],
      ["http_req_failed{step:order}", false, 0.125],
      ["http_req_failed", true, 0.3],
    ]);
    expect(summary.thresholds[0]?.value).toBeGreaterThanOrEqual(30);

    // Every order carried a token the server issued, the message's own ID, and reached the server once.
    expect(orders).toHaveLength(160);
    expect(new Set(orders.map((o) => o.id)).size).toBe(160);
    expect(orders.every((o) => tokens.has(o.token) && nOf(o.id) % 10 !== 3 && nOf(o.id) % 10 !== 7)).toBe(true);

    const records = ledgerRecords(ledgerDir);
    expect(records).toHaveLength(200);
    expect(new Set(records.map((r) => r.id)).size).toBe(200);
    for (const r of records) {
      const n = nOf(r.id) % 10;
      if (n === 3) expect(r).toMatchObject({ o: "rej", st: 0, err: "flow: no token for this one" });
      else if (n === 7) expect(r).toMatchObject({ o: "unk", st: 201, err: "flow: broke after the token" });
      else if (n === 5) expect(r).toMatchObject({ o: "rej", st: 409, err: "HTTP 409" });
      else expect(r).toMatchObject({ o: "acc", st: 202 });
    }
    const accepted = new Set(records.filter((r) => r.o === "acc").map((r) => r.id));
    expect(new Set(orders.filter((o) => nOf(o.id) % 10 !== 5).map((o) => o.id))).toEqual(accepted);
  });

  it("a call with no answer within the target's timeout is unknown, with the step in the reason, never accepted", async () => {
    const flow = flowModule(
      'export default defineFlow(async (msg, ctx) => { await ctx.http.post("/tokens", {}, { step: "token" }); ' +
        'await ctx.http.post("/slow", { id: msg.id, sentAt: msg.sentAt }, { step: "slow" }); });\n',
    );
    const ledgerDir = mkdtempSync(join(tmpdir(), "engine-flow-ledger-"));
    const summary = await runLoad({
      runId,
      scenarioName: "orders",
      scenario: scenarioSchema.parse({ executor: "constant-arrival-rate", rate: 20, duration: "1s", flow }),
      target: target(300),
      ledgerDir,
      workers: 0,
      output: memoryOutput(),
      handleSigint: false,
    });
    expect(summary).toMatchObject({ sent: 20, acc: 0, rej: 0, unk: 20 });
    expect(summary.steps).toMatchObject({ token: { calls: 20, acc: 20 }, slow: { calls: 20, unk: 20 } });
    const records = ledgerRecords(ledgerDir);
    expect(records).toHaveLength(20);
    for (const r of records) expect(r).toMatchObject({ o: "unk", st: 0, err: "timeout at step slow" });
  });
});
