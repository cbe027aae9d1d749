// What Powertools idempotency (DynamoDB persistence layer) would cost the reference consumer against dynalite: CPU per
// record of the consumer and of dynalite, for the sink's own conditional put alone and wrapped in makeIdempotent.
//
//   npx node bench/powertools-idempotency.ts [--records 2000] [--parallel 10]
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { IdempotencyConfig, makeIdempotent } from "@aws-lambda-powertools/idempotency";
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import { CreateTableCommand } from "@aws-sdk/client-dynamodb";
import { createAwsClients } from "../aws/clients.ts";
import { newRunId } from "../common/run-id.ts";
import { localTargetSchema } from "../config/schema-target.ts";
import type { SinkItem } from "../contracts/payload.ts";
import { dynamoSink } from "../local/app/sink.ts";
import { resolveLocalTarget } from "../local/resolve.ts";
import { startStack, stopStack } from "../local/stack.ts";

const { values: args } = parseArgs({
  options: { records: { type: "string", default: "2000" }, parallel: { type: "string", default: "10" } },
});
const records = Number(args.records);
const parallel = Number(args.parallel);

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function measure(dynalitePid: number, write: (item: SinkItem) => Promise<unknown>, runId: string) {
  const items = Array.from({ length: records }, (_, i) => ({
    id: `${runId}-bench-${i}`,
    runId,
    sentAt: Date.now(),
    processedAt: Date.now(),
    path: "http" as const,
    attempts: 1,
  }));
  const own = process.cpuUsage();
  const db = cpuSeconds(dynalitePid);
  const started = performance.now();
  for (let i = 0; i < items.length; i += parallel) await Promise.all(items.slice(i, i + parallel).map(write));
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(own);
  return {
    perSecond: records / seconds,
    consumerMs: (used.user + used.system) / 1000 / records,
    dynaliteMs: ((cpuSeconds(dynalitePid) - db) * 1000) / records,
  };
}

async function main(): Promise<void> {
  const cwd = mkdtempSync(join(tmpdir(), "bench-idem-"));
  const target = localTargetSchema.parse({ kind: "local" });
  const state = await startStack(cwd, "local", target);
  const aws = createAwsClients(resolveLocalTarget(state, "local", target).aws);
  try {
    const table = state.resources?.table ?? "";
    const dynalite = state.services.find((s) => s.name === "dynalite");
    if (dynalite === undefined) throw new Error("no dynalite");
    await aws.dynamodb.send(
      new CreateTableCommand({
        TableName: "idempotency",
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
    const sink = dynamoSink(aws.dynamodb, table);
    const config = new IdempotencyConfig({ eventKeyJmesPath: "id" });
    // As inside a Lambda invocation: the remaining time bounds an in-progress record's lease.
    config.registerLambdaContext({ getRemainingTimeInMillis: () => 60_000 } as never);
    const idempotent = makeIdempotent((item: SinkItem) => sink.putOnce(item), {
      persistenceStore: new DynamoDBPersistenceLayer({ tableName: "idempotency", awsSdkV3Client: aws.dynamodb }),
      config,
    });
    // Warm both paths (module loading, connections) before measuring.
    await measure(dynalite.pid, (i) => sink.putOnce(i), newRunId());
    await measure(dynalite.pid, idempotent, newRunId());
    const rows: Array<[string, Awaited<ReturnType<typeof measure>>]> = [];
    for (let run = 0; run < 3; run++) {
      rows.push(["conditional put", await measure(dynalite.pid, (i) => sink.putOnce(i), newRunId())]);
      rows.push(["makeIdempotent + put", await measure(dynalite.pid, idempotent, newRunId())]);
    }
    console.log(`${records} records, ${parallel} in parallel (3 runs each, after a warm-up)`);
    for (const [name, r] of rows) {
      console.log(
        `${name.padEnd(22)} ${r.perSecond.toFixed(0).padStart(6)} records/s  consumer ${r.consumerMs.toFixed(2)} ms/record  ` +
          `dynalite ${r.dynaliteMs.toFixed(2)} ms/record`,
      );
    }
  } finally {
    aws.destroy();
    await stopStack(cwd);
  }
}

await main();
