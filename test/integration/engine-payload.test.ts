// A scenario's payload module runs in every worker thread: each body carries its fields and the message's own id and sentAt.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { memoryOutput } from "../../common/output.ts";
import { scenarioSchema } from "../../config/schema-scenario.ts";
import type { ResolvedTarget } from "../../contracts/target.ts";
import { runLoad } from "../../loadtests/engine/index.ts";

it("bodies from a payload module in two worker threads carry its fields, with id and sentAt from the engine", async () => {
  const bodies: Array<{ id: string; sentAt: number; qty: number; source: string }> = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", () => {
      bodies.push(JSON.parse(body));
      res.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  const dir = mkdtempSync(join(tmpdir(), "engine-payload-"));
  const payload = join(dir, "order.ts");
  writeFileSync(payload, 'export default ({ n }: { n: number }) => ({ qty: n, source: "payload", id: "forged" });\n');
  const target: ResolvedTarget = {
    name: "t",
    kind: "local",
    environment: "local",
    maxRps: 1000,
    aws: { region: "us-east-1" },
    http: { url: `http://127.0.0.1:${port}/orders`, method: "POST", headers: {}, bodyTemplate: "{}", timeoutMs: 5000 },
    queues: [],
    sinks: [],
    dlqs: [],
    metrics: [],
  };
  try {
    const runId = "20261126T160000Z-bbbbbbbb";
    const summary = await runLoad({
      runId,
      scenarioName: "orders",
      scenario: scenarioSchema.parse({ executor: "constant-arrival-rate", rate: 100, duration: "1s", payload }),
      target,
      ledgerDir: mkdtempSync(join(tmpdir(), "engine-payload-ledger-")),
      workers: 2,
      output: memoryOutput(),
    });
    expect(summary.acc).toBe(100);
    expect(bodies).toHaveLength(100);
    for (const body of bodies) {
      const n = Number(body.id.slice(`${runId}-orders-`.length));
      expect(body).toEqual({ id: `${runId}-orders-${n}`, qty: n, source: "payload", sentAt: expect.any(Number) });
    }
    expect(new Set(bodies.map((b) => b.qty)).size).toBe(100);
  } finally {
    server.close();
  }
});

it("per-message headers from a payload reach the wire; a message whose header is bad is refused in the ledger, not sent", async () => {
  const seen: Array<{ id: string; key: string | undefined }> = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", () => {
      seen.push({ id: (JSON.parse(body) as { id: string }).id, key: req.headers["idempotency-key"] as string });
      res.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  const dir = mkdtempSync(join(tmpdir(), "engine-payload-headers-"));
  const payload = join(dir, "keyed.ts");
  // Every tenth message (from n = 5) carries a line break in its header: a payload bug that must cost that message only.
  writeFileSync(
    payload,
    "export default ({ n }: { n: number }) => ({ body: { qty: n }, headers: { 'Idempotency-Key': n % 10 === 5 ? 'k-' + n + '\\r\\nx: 1' : 'k-' + n } });\n",
  );
  const ledgerDir = mkdtempSync(join(tmpdir(), "engine-payload-headers-ledger-"));
  const target: ResolvedTarget = {
    name: "t",
    kind: "local",
    environment: "local",
    maxRps: 1000,
    aws: { region: "us-east-1" },
    http: { url: `http://127.0.0.1:${port}/orders`, method: "POST", headers: {}, bodyTemplate: "{}", timeoutMs: 5000 },
    queues: [],
    sinks: [],
    dlqs: [],
    metrics: [],
  };
  try {
    const runId = "20261126T160000Z-cccccccc";
    const summary = await runLoad({
      runId,
      scenarioName: "orders",
      scenario: scenarioSchema.parse({ executor: "constant-arrival-rate", rate: 100, duration: "1s", payload }),
      target,
      ledgerDir,
      workers: 2,
      output: memoryOutput(),
    });
    expect(summary).toMatchObject({ sent: 100, acc: 90, rej: 10, unk: 0 });
    expect(seen).toHaveLength(90);
    for (const { id, key } of seen) expect(key).toBe(`k-${Number(id.slice(`${runId}-orders-`.length))}`);
    const records = readdirSync(ledgerDir)
      .flatMap((f) => readFileSync(join(ledgerDir, f), "utf8").trim().split("\n"))
      .map((line) => JSON.parse(line) as { id?: string; o?: string; err?: string; st?: number })
      .filter((r) => r.id !== undefined);
    expect(records).toHaveLength(100);
    const refused = records.filter((r) => r.o === "rej");
    expect(refused.map((r) => Number(r.id?.slice(`${runId}-orders-`.length)) % 10)).toEqual(Array(10).fill(5));
    for (const r of refused) {
      expect(r.st).toBe(0);
      expect(r.err).toBe('payload: payload header "Idempotency-Key" holds a line break');
    }
  } finally {
    server.close();
  }
});
