// Benchmark of the verifier (issue 5): synthetic runs of 1M and 10M messages with planted anomalies, each measured in
// its own child process (wall time, messages/s, peak RSS); then the sink reader's DynamoDB read rate against dynalite.
//
//   npm run bench:verify                 # 1M and 10M, then dynalite
//   npm run bench:verify -- 1e6          # one size; --no-dynamo skips dynalite; --profile writes a .cpuprofile
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AwsClients } from "../aws/clients.ts";
import { memoryOutput } from "../common/output.ts";
import { dlqSchema, sinkSchema } from "../config/schema-target.ts";
import type { PlanFile } from "../contracts/plan-file.ts";
import { runPaths } from "../contracts/run-dir.ts";
import { messageClasses } from "../contracts/verdict.ts";
import { verifyRun } from "../verifier/index.ts";
import { measureDynamoReadRate } from "./verify-dynamo.ts";
import {
  expectedCounts,
  generateLedger,
  plantedClass,
  runId,
  type ScanInput,
  scanPageBytes,
  syntheticDlq,
  syntheticDynamo,
} from "./verify-synthetic.ts";

/** What the synthetic sink source alone costs (writing the pages' bytes, the network's part), for comparison. */
function sourceBaseline(total: number): { wallMs: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const t = performance.now();
  for (let segment = 0; segment < 4; segment++) {
    let input: ScanInput = { Segment: segment, TotalSegments: 4 };
    for (;;) {
      const page = scanPageBytes(total, input).toString("latin1");
      const at = page.lastIndexOf('"LastEvaluatedKey":{"n":{"N":"');
      if (at < 0) break;
      input = { ...input, ExclusiveStartKey: { n: { N: page.slice(at + 30, page.indexOf('"', at + 30)) } } };
    }
  }
  const used = process.cpuUsage(cpu);
  return { wallMs: Math.round(performance.now() - t), cpuMs: Math.round((used.user + used.system) / 1000) };
}

async function measure(dir: string, total: number): Promise<void> {
  const baseline = sourceBaseline(total);
  const sink = sinkSchema.parse({
    name: "sink",
    table: "bench-sink",
    sentAtAttribute: "sentAt",
    processedAtAttribute: "processedAt",
  });
  const dlq = dlqSchema.parse({ name: "dlq", queueUrl: "http://127.0.0.1:1/000000000000/dlq", idPath: "id" });
  const plan = {
    schemaVersion: 1,
    runId,
    target: { aws: { region: "us-east-1" }, queues: [], sinks: [sink], dlqs: [dlq] },
    drain: { timeoutMs: 0, settleMs: 0 },
  } as unknown as PlanFile;
  const clients = { sqs: syntheticDlq(total), dynamodb: syntheticDynamo(total) } as unknown as AwsClients;
  const run = runPaths(join(dir, runId));
  mkdirSync(run.dir, { recursive: true });
  // The verifier's own log lines, timed: where the time goes, now that the ledger is read while the sink is.
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const steps: string[] = [];
  const output = {
    ...memoryOutput(),
    err: (line: string) => void steps.push(`${Math.round(performance.now() - start)} ms ${line}`),
  };
  const verdict = await verifyRun({
    run,
    plan,
    clients,
    drainTimeoutMs: 0,
    settleMs: 0,
    output,
    ledgerDirs: [join(dir, "ledger")],
    sinkClientModule: { url: new URL("./verify-synthetic.ts", import.meta.url).href, options: { total } },
  });
  const wallMs = Math.round(performance.now() - start);
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = Math.round((cpu.user + cpu.system) / 1000);

  // The planted anomalies must be found exactly: every count, and the full list of the lost IDs.
  const expected = expectedCounts(total);
  const wrong = messageClasses.filter((c) => verdict.classes[c].count !== expected[c]);
  const lost = readFileSync(join(run.idListsDir, "lost.txt"), "utf8").split("\n").filter(Boolean);
  const lostExact =
    lost.length === expected.lost &&
    lost.every((id) => plantedClass(Number(id.slice(id.lastIndexOf("-") + 1))) === "lost");
  const exact = wrong.length === 0 && lostExact && verdict.valid === false;
  const out = {
    total,
    wallMs,
    cpuMs,
    steps,
    syntheticSinkSource: baseline,
    messagesPerSecond: Math.round(total / (wallMs / 1000)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    exact,
    ...(exact ? {} : { wrong: wrong.map((c) => [c, verdict.classes[c].count, expected[c]]), lostExact }),
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
          `planted anomalies found exactly: ${r.exact}\n    ${(r.steps as string[]).join("\n    ")}` +
          `\n  of which the synthetic sink source itself (writing the pages' bytes; parsing them is the reader's): ${JSON.stringify(r.syntheticSinkSource)}` +
          (r.exact ? "" : `\n  MISMATCH: ${JSON.stringify(r)}`),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (!args.includes("--no-dynamo")) await measureDynamoReadRate(output, (line) => console.log(line));
}

await main();
