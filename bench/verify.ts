// Benchmark of the verifier (issue 5): synthetic runs of 1M and 10M messages with planted anomalies, each measured in
// its own child process (wall time, messages/s, peak RSS); then the sink reader's DynamoDB read rate against dynalite.
//
//   npm run bench:verify                 # 1M and 10M, then dynalite
//   npm run bench:verify -- 1e6          # one size; --no-dynamo skips dynalite; --profile writes a .cpuprofile
import { execFileSync } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { memoryOutput } from "../common/output.ts";
import { sinkSchema } from "../config/schema-target.ts";
import { runPaths } from "../contracts/run-dir.ts";
import { type MessageClass, messageClasses } from "../contracts/verdict.ts";
import { emptyDlq, emptyInFlight, emptySink } from "../verifier/evidence.ts";
import { reconcile } from "../verifier/reconcile.ts";
import { readDlq } from "../verifier/sources/dlq-reader.ts";
import { readSink } from "../verifier/sources/dynamodb-sink.ts";
import { listLedgerFiles, readLedgers } from "../verifier/sources/ledger-reader.ts";
import { writeVerdict } from "../verifier/write-verdict.ts";
import { measureDynamoReadRate } from "./verify-dynamo.ts";

const runId = "20261126T154200Z-benchrun";
const scenario = "bench";
const workers = 4;
const t0 = 1_764_171_720_000;
const ratePerMs = 5; // 5,000 messages/s of send times
const unexpectedCount = 100;

/** The anomaly planted on message n (by n mod 1000), and so the class it must end in. */
function plantedClass(n: number): MessageClass {
  switch (n % 1000) {
    case 1:
      return "lost";
    case 2:
      return "duplicated";
    case 3:
      return "deadLettered";
    case 4:
      return "rejected";
    case 5:
      return "rejectedButDelivered";
    case 6:
      return "unknownDelivered";
    case 7:
      return "unknownNotDelivered";
    default:
      return "delivered"; // n % 1000 === 8 is also in the DLQ: the sink copy wins
  }
}

const outcomeOf = (cls: MessageClass) =>
  cls === "rejected" || cls === "rejectedButDelivered"
    ? "rej"
    : cls === "unknownDelivered" || cls === "unknownNotDelivered"
      ? "unk"
      : "acc";
const sinkTimes = (cls: MessageClass) =>
  cls === "duplicated"
    ? 2
    : cls === "lost" || cls === "deadLettered" || cls === "rejected" || cls === "unknownNotDelivered"
      ? 0
      : 1;
const inDlq = (n: number) => n % 1000 === 3 || n % 1000 === 8;
const idOf = (n: number) => `${runId}-${scenario}-${n}`;

function generateLedger(dir: string, total: number): void {
  mkdirSync(dir, { recursive: true });
  for (let w = 0; w < workers; w++) {
    const fd = openSync(join(dir, `w${w}.ndjson`), "w");
    const counts = { count: 0, acc: 0, rej: 0, unk: 0 };
    let buffer = "";
    for (let n = w; n < total; n += workers) {
      const o = outcomeOf(plantedClass(n));
      const ts = t0 + Math.floor(n / ratePerMs);
      buffer +=
        o === "acc"
          ? `{"id":"${idOf(n)}","ts":${ts},"dur":3,"ch":"http","st":200,"o":"acc"}\n`
          : `{"id":"${idOf(n)}","ts":${ts},"dur":3,"ch":"http","st":${o === "rej" ? 429 : 0},"o":"${o}","err":"${o === "rej" ? "HTTP 429" : "timeout"}"}\n`;
      counts.count++;
      counts[o]++;
      if (buffer.length > 1 << 20) {
        writeSync(fd, buffer);
        buffer = "";
      }
    }
    writeSync(fd, `${buffer}${JSON.stringify({ end: true, worker: `w${w}`, ...counts })}\n`);
    closeSync(fd);
  }
}

/** A DynamoDB client that answers a parallel Scan with the synthetic sink, 1,000 items a page, as the SDK would. */
function syntheticDynamo(total: number): DynamoDBClient {
  return {
    send: async (command: {
      input: { Segment?: number; TotalSegments?: number; ExclusiveStartKey?: { n: { N: string } } };
    }) => {
      const { Segment = 0, TotalSegments = 1, ExclusiveStartKey } = command.input;
      const per = Math.ceil((total + unexpectedCount) / TotalSegments);
      const from = ExclusiveStartKey === undefined ? Segment * per : Number(ExclusiveStartKey.n.N);
      const to = Math.min(from + 1000, (Segment + 1) * per, total + unexpectedCount);
      // Built as the JSON text DynamoDB sends and parsed as the SDK does, so the reader gets the same (flat) strings.
      const parts: string[] = [];
      for (let n = from; n < to; n++) {
        const times = n >= total ? 1 : sinkTimes(plantedClass(n));
        const ts = t0 + Math.floor(n / ratePerMs);
        const item = `{"id":{"S":"${idOf(n)}"},"sentAt":{"N":"${ts}"},"processedAt":{"N":"${ts + 20 + (n % 500)}"}}`;
        for (let k = 0; k < times; k++) parts.push(item);
      }
      const Items = JSON.parse(`[${parts.join(",")}]`) as unknown[];
      return {
        Items,
        Count: Items.length,
        ...(to < Math.min((Segment + 1) * per, total + unexpectedCount)
          ? { LastEvaluatedKey: { n: { N: String(to) } } }
          : {}),
      };
    },
  } as unknown as DynamoDBClient;
}

/** An SQS client whose queue holds this run's dead-lettered messages (redrive bodies), 10 per receive. */
function syntheticDlq(total: number): SQSClient {
  const bodies: string[] = [];
  for (let n = 0; n < total; n++) if (inDlq(n)) bodies.push(JSON.stringify({ id: idOf(n), sentAt: t0 }));
  bodies.push("not json at all");
  let next = 0;
  return {
    send: async (command: { constructor: { name: string }; input: { Entries?: unknown[] } }) => {
      switch (command.constructor.name) {
        case "GetQueueAttributesCommand":
          return { Attributes: { ApproximateNumberOfMessages: String(bodies.length) } };
        case "ReceiveMessageCommand": {
          const Messages = bodies.slice(next, next + 10).map((Body, i) => ({
            MessageId: String(next + i),
            ReceiptHandle: `h${next + i}`,
            Body,
          }));
          next += Messages.length;
          return { Messages };
        }
        default:
          return { Successful: (command.input.Entries ?? []).map((_, i) => ({ Id: String(i) })) };
      }
    },
  } as unknown as SQSClient;
}

function expectedCounts(total: number): Record<MessageClass, number> {
  const counts = Object.fromEntries(messageClasses.map((c) => [c, 0])) as Record<MessageClass, number>;
  for (let n = 0; n < total; n++) counts[plantedClass(n)]++;
  counts.unexpected = unexpectedCount;
  return counts;
}

/** What the synthetic sink source alone costs (building pages), measured apart so it can be told from the reader's. */
async function sourceBaseline(total: number): Promise<{ wallMs: number; cpuMs: number }> {
  const client = syntheticDynamo(total) as unknown as { send(c: unknown): Promise<{ LastEvaluatedKey?: unknown }> };
  const cpu = process.cpuUsage();
  const t = performance.now();
  for (let segment = 0; segment < 4; segment++) {
    let start: unknown;
    do {
      const page = await client.send({ input: { Segment: segment, TotalSegments: 4, ExclusiveStartKey: start } });
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
  }
  const used = process.cpuUsage(cpu);
  return { wallMs: Math.round(performance.now() - t), cpuMs: Math.round((used.user + used.system) / 1000) };
}

async function measure(dir: string, total: number): Promise<void> {
  const baseline = await sourceBaseline(total);
  const phases: Record<string, string> = {};
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  let mark = start;
  let cpuMark = process.cpuUsage();
  // Wall and CPU per phase: on a shared 2-core machine the wall time also measures the neighbours.
  const phase = (name: string) => {
    const t = performance.now();
    const cpu = process.cpuUsage(cpuMark);
    phases[name] = `${Math.round(t - mark)} wall/${Math.round((cpu.user + cpu.system) / 1000)} cpu`;
    mark = t;
    cpuMark = process.cpuUsage();
  };
  const { evidence: ledger } = await readLedgers(listLedgerFiles([join(dir, "ledger")]));
  phase("ledger");
  const sink = emptySink();
  const sinkConfig = sinkSchema.parse({
    name: "sink",
    table: "bench-sink",
    sentAtAttribute: "sentAt",
    processedAtAttribute: "processedAt",
  });
  sink.statuses.push(await readSink({ client: syntheticDynamo(total), sink: sinkConfig, runId }, sink));
  phase("sink");
  const dlq = emptyDlq();
  const dlqConfig = { name: "dlq", queueUrl: "http://127.0.0.1:1/000000000000/dlq", idPath: "id" };
  dlq.statuses.push(
    await readDlq({ client: syntheticDlq(total), dlq: dlqConfig, runId, peek: { waitTimeSeconds: 0 } }, dlq),
  );
  phase("dlq");
  const result = reconcile(ledger, sink, dlq, emptyInFlight(), {
    runId,
    verifiedAt: new Date().toISOString(),
    drain: null,
  });
  phase("reconcile");
  const run = runPaths(join(dir, runId));
  mkdirSync(run.dir, { recursive: true });
  writeVerdict(run, result);
  phase("write");
  const wallMs = Math.round(performance.now() - start);
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = Math.round((cpu.user + cpu.system) / 1000);

  // The planted anomalies must be found exactly: every count, and the full list of the lost IDs.
  const expected = expectedCounts(total);
  const wrong = messageClasses.filter((c) => result.verdict.classes[c].count !== expected[c]);
  const lost: string[] = [];
  result.eachId("lost", (id) => lost.push(id));
  const lostExact =
    lost.length === expected.lost &&
    lost.every((id) => plantedClass(Number(id.slice(id.lastIndexOf("-") + 1))) === "lost");
  const exact = wrong.length === 0 && lostExact && result.verdict.valid === false;
  const out = {
    total,
    wallMs,
    cpuMs,
    phases,
    syntheticSinkSource: baseline,
    messagesPerSecond: Math.round(total / (wallMs / 1000)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    exact,
    ...(exact ? {} : { wrong: wrong.map((c) => [c, result.verdict.classes[c].count, expected[c]]), lostExact }),
  };
  process.stdout.write(`RESULT ${JSON.stringify(out)}\n`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === "--generate") return generateLedger(join(args[1] as string, "ledger"), Number(args[2]));
  if (args[0] === "--measure") return measure(args[1] as string, Number(args[2]));

  const sizes = args.filter((a) => !a.startsWith("--")).map(Number);
  const profile = args.includes("--profile");
  const output = memoryOutput();
  console.log(`verifier benchmark on ${process.platform}/${process.arch}, node ${process.version}`);
  for (const total of sizes.length > 0 ? sizes : [1_000_000, 10_000_000]) {
    const dir = mkdtempSync(join(tmpdir(), "bench-verify-"));
    try {
      const g = performance.now();
      execFileSync(process.execPath, [import.meta.filename, "--generate", dir, String(total)], { stdio: "inherit" });
      console.log(
        `${total.toLocaleString("en")} messages: ledger generated in ${Math.round(performance.now() - g)} ms`,
      );
      const flags = profile ? ["--cpu-prof", `--cpu-prof-dir=${process.cwd()}`] : [];
      const text = execFileSync(process.execPath, [...flags, import.meta.filename, "--measure", dir, String(total)], {
        encoding: "utf8",
        maxBuffer: 1 << 20,
      });
      const line = text.split("\n").find((l) => l.startsWith("RESULT "));
      const r = JSON.parse(line?.slice(7) ?? "{}") as Record<string, unknown>;
      console.log(
        `  verified in ${r.wallMs} ms wall, ${r.cpuMs} ms CPU (${Number(r.messagesPerSecond).toLocaleString("en")} messages/s), ` +
          `peak RSS ${r.peakRssMb} MB, ` +
          `planted anomalies found exactly: ${r.exact}\n  phases (ms): ${JSON.stringify(r.phases)}` +
          `\n  of which the synthetic sink source itself (building pages, not the reader): ${JSON.stringify(r.syntheticSinkSource)}` +
          (r.exact ? "" : `\n  MISMATCH: ${JSON.stringify(r)}`),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (!args.includes("--no-dynamo")) await measureDynamoReadRate(output, (line) => console.log(line));
}

await main();
