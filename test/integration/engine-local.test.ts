// The engine against the real local target (issue 3): the ledger agrees with the gateway's and the event bus's own counts.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryOutput } from "../../common/output.ts";
import { newRunId } from "../../common/run-id.ts";
import { type ScenarioInput, scenarioSchema } from "../../config/schema-scenario.ts";
import type { LedgerRecord } from "../../contracts/ledger.ts";
import type { ResolvedTarget } from "../../contracts/target.ts";
import { runLoad } from "../../loadtests/engine/index.ts";
import { type EnsuredLocal, ensureLocalUp, readControl } from "../../local/index.ts";
import { localTarget, tempCwd } from "./local-helpers.ts";

// Small rates on purpose: the reference app shares two cores with everything else, and a 429 is cheap to answer.
const config = localTarget({ gateway: { rate: 50, burst: 20 }, eventsPutRate: 40 });

describe("engine against the local target", () => {
  let local: EnsuredLocal;
  let target: ResolvedTarget;
  const stats = async () => (await readControl(target.control?.url ?? "")).stats;
  const delta = (after: Record<string, number>, before: Record<string, number>, name: string) =>
    (after[name] ?? 0) - (before[name] ?? 0);

  beforeAll(async () => {
    local = await ensureLocalUp({ cwd: tempCwd("harness-engine-local-"), output: memoryOutput() }, "local", config);
    target = local.target;
  });

  afterAll(async () => {
    await local?.stop();
  });

  async function load(name: string, input: ScenarioInput) {
    const ledgerDir = mkdtempSync(join(tmpdir(), "engine-local-ledger-"));
    const summary = await runLoad({
      runId: newRunId(),
      scenarioName: name,
      scenario: scenarioSchema.parse(input),
      target,
      ledgerDir,
      workers: 2,
      output: memoryOutput(),
      handleSigint: false,
    });
    const records = readdirSync(ledgerDir).flatMap((f) =>
      readFileSync(join(ledgerDir, f), "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as LedgerRecord & { end?: true })
        .filter((r) => r.end === undefined),
    );
    const count = (ch: string, o: string) => records.filter((r) => r.ch === ch && r.o === o).length;
    return { summary, records, count };
  }

  it("a spike above the gateway's throttle: ledger acc = the gateway's accepted requests, rej = its 429s", async () => {
    const before = await stats();
    const { summary, records, count } = await load("spike", {
      executor: "ramping-arrival-rate",
      startRate: 20,
      stages: [
        { duration: "500ms", target: 250 },
        { duration: "2s", target: 250 },
        { duration: "500ms", target: 20 },
      ],
      gracefulStop: "30s",
    });
    const after = await stats();
    const requests = delta(after, before, "AWS/ApiGateway:Count");
    const refused = delta(after, before, "AWS/ApiGateway:4XXError");
    const failed = delta(after, before, "AWS/ApiGateway:5XXError");
    expect(records).toHaveLength(summary.sent);
    expect(summary.sent).toBe(summary.plannedArrivals);
    expect(requests).toBe(summary.sent);
    expect(count("http", "acc")).toBe(requests - refused - failed);
    expect(count("http", "rej")).toBe(refused);
    expect(records.filter((r) => r.o === "rej").every((r) => r.st === 429)).toBe(true);
    expect(count("http", "unk")).toBe(failed);
    expect(summary.status["interrupted"]).toBeUndefined();
    expect(refused).toBeGreaterThan(200);
  });

  it("mixed channels by weight: HTTP matches the gateway, PutEvents entries match the bus, SQS batches all land", async () => {
    const before = await stats();
    const { summary, records, count } = await load("mixed", {
      executor: "constant-arrival-rate",
      rate: 90,
      duration: "2s",
      channels: { http: 1, events: 1, sqs: 1 },
      gracefulStop: "30s",
    });
    const after = await stats();
    expect(records).toHaveLength(180);
    expect(summary.byChannel).toMatchObject({ http: { sent: 60 }, events: { sent: 60 }, sqs: { sent: 60 } });
    const gatewayRefused = delta(after, before, "AWS/ApiGateway:4XXError");
    expect(count("http", "acc")).toBe(delta(after, before, "AWS/ApiGateway:Count") - gatewayRefused);
    expect(count("http", "rej")).toBe(gatewayRefused);
    const entries = delta(after, before, "AWS/Events:PutEventsEntriesCount");
    const failedEntries = delta(after, before, "AWS/Events:PutEventsFailedEntriesCount");
    expect(entries).toBe(60);
    expect(count("events", "acc")).toBe(entries - failedEntries);
    expect(count("events", "rej")).toBe(failedEntries);
    expect(count("sqs", "acc")).toBe(60);
    expect(summary.unk).toBe(0);
  });

  it("a flow's PutEvents and SendMessage: one entry each a message, counted by the bus, each its own step", async () => {
    const dir = mkdtempSync(join(tmpdir(), "engine-local-flow-"));
    const flow = join(dir, "flow.ts");
    writeFileSync(
      flow,
      `export default async (msg, ctx) => {
  const body = { id: msg.id, sentAt: msg.sentAt };
  const put = await ctx.events.put(body, { step: "event" });
  if (put.outcome !== "acc" || put.eventId === undefined) return put;
  const sent = await ctx.sqs.send(body, { step: "queue" });
  return sent.messageId === undefined ? { outcome: "unk", reason: "no MessageId" } : sent;
};
`,
    );
    const before = await stats();
    const { summary, records } = await load("flowed", {
      executor: "constant-arrival-rate",
      rate: 20,
      duration: "2s",
      flow,
      gracefulStop: "30s",
    });
    const after = await stats();
    expect(records).toHaveLength(40);
    expect(delta(after, before, "AWS/Events:PutEventsEntriesCount")).toBe(40);
    const failedEntries = delta(after, before, "AWS/Events:PutEventsFailedEntriesCount");
    expect(summary.steps?.event).toMatchObject({ calls: 40, acc: 40 - failedEntries, rej: failedEntries });
    expect(summary.steps?.queue).toMatchObject({ calls: 40 - failedEntries, acc: 40 - failedEntries });
    expect(summary).toMatchObject({ acc: 40 - failedEntries, rej: failedEntries, unk: 0 });
  });
});
