// Warnings when a source yields nothing of this run while holding items that carry its IDs (#16 item 5): a DLQ idPath
// or a sink idAttribute/idRegex that misses them is named, with the paths where the run's IDs are, in the CLI output,
// verify.json and the report; the DLQ's count of this run's messages is kept apart from the total read.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import {
  ChangeMessageVisibilityBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import type { AwsClients } from "../../aws/clients.ts";
import { memoryOutput } from "../../common/output.ts";
import { dlqSchema, sinkSchema } from "../../config/schema-target.ts";
import type { LoadSummary } from "../../contracts/load-summary.ts";
import type { PlanFile } from "../../contracts/plan-file.ts";
import type { RunPaths } from "../../contracts/run-dir.ts";
import { messageClasses, type Verdict } from "../../contracts/verdict.ts";
import { buildReport } from "../../reports/build.ts";
import type { RunResult } from "../../reports/index.ts";
import { formatRunSummary } from "../../runner/run-summary.ts";
import {
  dlqFrom,
  emptyDlq,
  emptyInFlight,
  ledgerFrom,
  type SourceDiagnosis,
  sinkFrom,
} from "../../verifier/evidence.ts";
import { idPathsIn } from "../../verifier/id-paths.ts";
import { readDlqs } from "../../verifier/read-sources.ts";
import { reconcile } from "../../verifier/reconcile.ts";
import { readDlq } from "../../verifier/sources/dlq-reader.ts";
import { probeSink } from "../../verifier/sources/sink-probe.ts";
import { formatVerdict } from "../../verifier/table.ts";
import { sourceWarnings } from "../../verifier/warnings.ts";
import { writeSyntheticRun } from "../fixtures/report/synthetic-run.ts";

const runId = "20261126T154200Z-k3j9x2q1";
const prefix = `${runId}-`;
const id = (n: number) => `${runId}-smoke-${n}`;
const t0 = 1_764_171_720_000;
const context = { runId, verifiedAt: "2026-11-26T16:00:00.000Z", drain: null };

/** An EventBridge target-DLQ body of a pipeline whose own key is `detail.orderRef`, not `detail.id`. */
const eventBody = (n: number) =>
  JSON.stringify({
    version: "0",
    id: `6a7e8feb-b491-4cf7-a9f1-bf370346771${n}`,
    "detail-type": "OrderPlaced",
    detail: { orderRef: id(n), "line-items": [{ sku: "A" }] },
  });

describe("idPathsIn", () => {
  it("lists the JMESPath of every value that starts with the run's prefix, then those that hold it inside", () => {
    const item = { pk: "RUN#x", sk: `MSG#${id(1)}`, detail: { orderRef: id(1), "order-ref": id(1) }, list: [id(2)] };
    expect(idPathsIn(item, prefix)).toEqual([
      "detail.orderRef",
      'detail."order-ref"',
      "list[0]",
      "sk (inside the value: needs an idRegex)",
    ]);
    expect(idPathsIn({ id: "20250101T000000Z-aaaaaaaa-smoke-1" }, prefix)).toEqual([]);
  });
});

describe("a DLQ whose idPath misses this run's IDs", () => {
  const client = new SQSClient({ region: "us-east-1" });
  const sqs = mockClient(client);
  afterEach(() => sqs.reset());

  it("is warned about with detail.orderRef named, and its count of this run's messages kept apart", async () => {
    const bodies = [eventBody(1), eventBody(2), JSON.stringify({ id: "20250101T000000Z-aaaaaaaa-smoke-9" })];
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: "3" } });
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: bodies.map((Body, i) => ({ MessageId: `m${i}`, ReceiptHandle: `h${i}`, Body })) })
      .resolves({ Messages: [] });
    sqs.on(ChangeMessageVisibilityBatchCommand).callsFake((input: { Entries: Array<{ Id: string }> }) => ({
      Successful: input.Entries.map((e) => ({ Id: e.Id })),
      Failed: [],
    }));
    const dlq = emptyDlq();
    const config = dlqSchema.parse({
      name: "orders-dlq",
      queueUrl: "http://127.0.0.1:1/000000000000/orders-dlq",
      idPath: "detail.id",
    });
    await readDlq({ client, dlq: config, runId, peek: { waitTimeSeconds: 0, concurrency: 1 } }, dlq);
    expect(dlq.diagnoses).toEqual([
      {
        source: "DLQ orders-dlq",
        kind: "dlq",
        lookup: "idPath detail.id",
        read: 3,
        ofRun: 0,
        mentions: 2,
        paths: ["detail.orderRef"],
        sample: [eventBody(1), eventBody(2)],
      },
    ]);

    // Two accepted messages, in no sink: "lost", and the warning says where they are.
    const ledger = ledgerFrom([
      { id: id(1), ts: t0, o: "acc" },
      { id: id(2), ts: t0, o: "acc" },
    ]);
    const { verdict } = reconcile(ledger, sinkFrom([]), dlq, emptyInFlight(), context);
    expect(verdict.classes.lost.count).toBe(2);
    expect(verdict.warnings).toEqual([
      {
        source: "DLQ orders-dlq",
        message:
          "2 of 3 message(s) mention this run's IDs but its idPath detail.id found none of them (0 of this run's found): check the DLQ's idPath; the run's IDs are at detail.orderRef",
        paths: ["detail.orderRef"],
        sample: [eventBody(1), eventBody(2)],
      },
    ]);
    expect(formatVerdict(verdict, "verify.json")).toContain(
      "Warning: DLQ orders-dlq: 2 of 3 message(s) mention this run's IDs but its idPath detail.id found none of them",
    );
  });

  it("prints this run's count and the total read separately (a DLQ holds earlier runs' messages too)", async () => {
    const bodies = [JSON.stringify({ id: id(1) }), JSON.stringify({ id: "20250101T000000Z-aaaaaaaa-smoke-9" })];
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: "2" } });
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: bodies.map((Body, i) => ({ MessageId: `m${i}`, ReceiptHandle: `h${i}`, Body })) })
      .resolves({ Messages: [] });
    sqs.on(ChangeMessageVisibilityBatchCommand).callsFake((input: { Entries: Array<{ Id: string }> }) => ({
      Successful: input.Entries.map((e) => ({ Id: e.Id })),
      Failed: [],
    }));
    const output = memoryOutput();
    const config = dlqSchema.parse({ name: "orders-dlq", queueUrl: "http://127.0.0.1:1/000000000000/orders-dlq" });
    const dlq = await readDlqs({
      plan: { runId, target: { dlqs: [config] } } as unknown as PlanFile,
      clients: { sqs: client } as unknown as AwsClients,
      output,
      now: Date.now,
    });
    expect(output.stderr).toContain("[verify] DLQ orders-dlq: 1 message(s) of this run, 2 read in all");
    expect(dlq.statuses[0]?.ofRun).toBe(1);
  });

  it("a DLQ holding only earlier runs' messages is not warned about", () => {
    const quiet: SourceDiagnosis = {
      source: "DLQ old",
      kind: "dlq",
      lookup: "idPath id",
      read: 63,
      ofRun: 0,
      mentions: 0,
      paths: [],
      sample: [],
    };
    expect(sourceWarnings([quiet], 400)).toEqual([]);
  });
});

describe("a sink whose idAttribute or idRegex matches nothing of this run", () => {
  const client = new DynamoDBClient({ region: "us-east-1" });
  const ddb = mockClient(client);
  afterEach(() => ddb.reset());

  it("the probe finds the run's IDs under another attribute, and the warning names it", async () => {
    const sink = sinkSchema.parse({ name: "orders", table: "orders-sink", idAttribute: "id" });
    ddb.on(ScanCommand).resolves({
      Items: [
        { pk: { S: "ORDER#1" }, payload: { M: { ref: { S: id(1) } } } },
        { pk: { S: "ORDER#2" }, payload: { M: { ref: { S: id(2) } } } },
        { pk: { S: "ORDER#3" }, payload: { M: { ref: { S: "20250101T000000Z-aaaaaaaa-smoke-1" } } } },
      ],
    });
    const diagnosis = await probeSink({ client, sink, runId });
    expect(diagnosis).toMatchObject({ source: "sink orders", read: 3, ofRun: 0, mentions: 2, paths: ["payload.ref"] });
    const [warning] = sourceWarnings([diagnosis], 400);
    expect(warning?.message).toBe(
      "no item of this run found (idAttribute id) though the table holds items and 400 message(s) were found nowhere; 2 of the 3 item(s) looked at mention this run's IDs: check the sink's idAttribute, idPath, idRegex and runPartition; the run's IDs are at payload.ref",
    );
    // No message missing (e.g. every one dead-lettered): a sink holding none of them is no misconfiguration.
    expect(sourceWarnings([diagnosis], 0)).toEqual([]);
  });

  it("reconcile warns when the run's messages are lost, not when they all ended in a DLQ", async () => {
    const sink = sinkSchema.parse({ name: "orders", table: "orders-sink", idAttribute: "id" });
    ddb.on(ScanCommand).resolves({ Items: [{ ref: { S: id(1) } }] });
    const ledger = ledgerFrom([{ id: id(1), ts: t0, o: "acc" }]);
    const withProbe = async () => {
      const ev = sinkFrom([], "orders");
      ev.diagnoses.push(await probeSink({ client, sink, runId }));
      return ev;
    };
    const lost = reconcile(ledger, await withProbe(), emptyDlq(), emptyInFlight(), context).verdict;
    expect(lost.warnings?.map((w) => [w.source, w.paths])).toEqual([["sink orders", ["ref"]]]);
    const dead = reconcile(ledger, await withProbe(), dlqFrom([id(1)]), emptyInFlight(), context).verdict;
    expect([dead.classes.deadLettered.count, dead.warnings]).toEqual([1, []]);
  });

  it("an idRegex that does not fit: the attribute is named as holding the ID inside its value", async () => {
    const sink = sinkSchema.parse({ name: "orders", table: "orders-sink", idAttribute: "sk", idRegex: "^ORDER#(.+)$" });
    ddb.on(ScanCommand).resolves({ Items: [{ sk: { S: `MSG#${id(1)}` } }] });
    const [warning] = sourceWarnings([await probeSink({ client, sink, runId })], 1);
    expect(warning?.paths).toEqual(["sk (inside the value: needs an idRegex)"]);
    expect(warning?.message).toContain("(idAttribute sk, idRegex ^ORDER#(.+)$)");
  });
});

describe("harness run's closing summary shows the warnings", () => {
  it("one line per warning", () => {
    const verdict = {
      valid: false,
      reasons: [],
      classes: Object.fromEntries(messageClasses.map((c) => [c, { count: 0, sample: [] }])),
      warnings: [{ source: "DLQ orders-dlq", message: "check the DLQ's idPath", paths: [], sample: [] }],
    } as unknown as Verdict;
    const text = formatRunSummary({
      run: { runId, reportHtml: "report.html" } as RunPaths,
      verdict,
      result: { status: "fail", gates: [], findings: [] } as unknown as RunResult,
      summary: { interrupted: false, aborted: null, sent: 2, acc: 2, rej: 0, unk: 0, dropped: 0 } as LoadSummary,
      windows: [],
      stageMs: {},
      exitCode: 1,
    });
    expect(text).toContain("\n  warning: DLQ orders-dlq: check the DLQ's idPath\n");
  });
});

describe("the report shows verify.json's warnings", () => {
  it("in summary.md and report.html, escaped", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "warnings-report-")), "20261126T150000Z-synth001");
    const run = writeSyntheticRun({ dir, durationSeconds: 30, peakRate: 20 });
    const verdict = JSON.parse(readFileSync(run.verify, "utf8")) as Verdict;
    verdict.warnings = [
      {
        source: "DLQ orders-dlq",
        message: "2 of 3 message(s) mention this run's IDs but its idPath detail.id found none <b>",
        paths: ["detail.orderRef"],
        sample: ['{"detail":{"orderRef":"<script>"}}'],
      },
    ];
    writeFileSync(run.verify, JSON.stringify(verdict));
    await buildReport({ run, output: memoryOutput(), reporters: ["md", "html"] });
    const md = readFileSync(run.summaryMd, "utf8");
    expect(md).toContain(
      "- ⚠️ warning: DLQ orders-dlq: 2 of 3 message(s) mention this run's IDs but its idPath detail.id found none &lt;b&gt;",
    );
    const html = readFileSync(run.reportHtml, "utf8");
    expect(html).toContain('<div id="source-warnings">');
    expect(html).toContain("<code>detail.orderRef</code>");
    expect(html).toContain("&lt;script&gt;");
    expect(html).not.toContain('"<script>"');
  });
});
