// The sink reader's read rate against dynalite (a real DynamoDB API in its own process): Query vs parallel Scan.

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BatchWriteItemCommand } from "@aws-sdk/client-dynamodb";
import { createAwsClients } from "../aws/clients.ts";
import type { Output } from "../common/output.ts";
import { sinkSchema } from "../config/schema-target.ts";
import { messageId } from "../contracts/message-id.ts";
import { freePort } from "../local/emulators/free-port.ts";
import { startService, stopAndWait } from "../local/emulators/service.ts";
import { dynaliteSpec } from "../local/emulators/specs.ts";
import { createSinkTable } from "../local/provision.ts";
import { emptySink } from "../verifier/evidence.ts";
import { readSinkThreaded } from "../verifier/sources/sink-threads.ts";

const items = 20_000;
const runId = "20261126T154200Z-dynabnch";

export async function measureDynamoReadRate(_output: Output, log: (line: string) => void): Promise<void> {
  const logs = mkdtempSync(join(tmpdir(), "bench-verify-dynalite-"));
  const service = await startService(dynaliteSpec(await freePort()), join(logs, "dynalite.log"));
  const awsOptions = {
    region: "us-east-1",
    staticCredentials: { accessKeyId: "local", secretAccessKey: "local" },
    endpoints: { dynamodb: service.endpoint },
  };
  const aws = createAwsClients(awsOptions);
  try {
    await createSinkTable(aws.dynamodb, "bench-sink", "id");
    const load = performance.now();
    const batches: Array<NonNullable<ConstructorParameters<typeof BatchWriteItemCommand>[0]["RequestItems"]>> = [];
    for (let n = 0; n < items; n += 25) {
      const RequestItems = {
        "bench-sink": Array.from({ length: Math.min(25, items - n) }, (_, k) => ({
          PutRequest: {
            Item: {
              runId: { S: runId },
              id: { S: messageId(runId, "bench", n + k) },
              sentAt: { N: "1000" },
              processedAt: { N: "1042" },
            },
          },
        })),
      };
      batches.push(RequestItems);
    }
    const writer = async () => {
      for (let b = batches.pop(); b !== undefined; b = batches.pop()) {
        await aws.dynamodb.send(new BatchWriteItemCommand({ RequestItems: b }));
      }
    };
    await Promise.all(Array.from({ length: 4 }, writer));
    log(`dynalite: ${items.toLocaleString("en")} items loaded in ${Math.round(performance.now() - load)} ms`);
    const base = { name: "sink", table: "bench-sink", sentAtAttribute: "sentAt", processedAtAttribute: "processedAt" };
    const variants = [
      ["Query (runPartition)", sinkSchema.parse({ ...base, runPartition: { attribute: "runId", value: "{runId}" } })],
      ["Scan, 1 segment", sinkSchema.parse({ ...base, scanSegments: 1 })],
      ["Scan, 4 segments", sinkSchema.parse({ ...base, scanSegments: 4 })],
      ["Scan, 4 segments on 2 threads", sinkSchema.parse({ ...base, scanSegments: 4 })],
    ] as const;
    for (const [name, sink] of variants) {
      const ev = emptySink();
      const t = performance.now();
      const status = await readSinkThreaded(
        { aws: awsOptions, client: aws.dynamodb, sink, runId, threads: name.includes("threads") ? 2 : 1 },
        ev,
      );
      const ms = performance.now() - t;
      log(
        `dynalite ${name}: ${status.read.toLocaleString("en")} items in ${Math.round(ms)} ms = ` +
          `${Math.round(status.read / (ms / 1000)).toLocaleString("en")} items/s${status.complete ? "" : ` (INCOMPLETE: ${status.error})`}`,
      );
    }
  } finally {
    aws.destroy();
    await stopAndWait(service.pid);
  }
}
