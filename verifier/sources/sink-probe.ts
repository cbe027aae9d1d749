// When a sink read found none of the run's items, a short unfiltered Scan looks at what the table does hold: whether
// it holds items at all, and whether some carry the run's IDs where the sink's idAttribute/idPath/idRegex do not look.
import { type AttributeValue, type DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import type { SinkConfig } from "../../config/schema-target.ts";
import { runPrefix as runPrefixOf } from "../../contracts/message-id.ts";
import type { SourceDiagnosis } from "../evidence.ts";
import { idPathsOf } from "../id-paths.ts";
import { plainItem } from "./dynamodb-plain.ts";

export interface SinkProbeOptions {
  client: DynamoDBClient;
  sink: SinkConfig;
  runId: string;
  /** Items looked at, at most (a few pages; the probe is a hint, not a read). */
  limit?: number;
}

const sampleCap = 3;

/** How the sink looks for a message ID, as the config says it. */
export function sinkLookup(sink: SinkConfig): string {
  const where = sink.idPath === undefined ? `idAttribute ${sink.idAttribute}` : `idPath ${sink.idPath}`;
  const regex = sink.idRegex === undefined ? "" : `, idRegex ${sink.idRegex}`;
  const partition =
    sink.runPartition === undefined ? "" : `, runPartition ${sink.runPartition.attribute} = ${sink.runPartition.value}`;
  return `${where}${regex}${partition}`;
}

/** Never throws: a probe that fails says nothing (the read itself already succeeded). */
export async function probeSink(options: SinkProbeOptions): Promise<SourceDiagnosis> {
  const { client, sink } = options;
  const runPrefix = runPrefixOf(options.runId);
  const limit = options.limit ?? 500;
  const diagnosis: SourceDiagnosis = {
    source: `sink ${sink.name}`,
    kind: "sink",
    lookup: sinkLookup(sink),
    read: 0,
    ofRun: 0,
    mentions: 0,
    paths: [],
    sample: [],
  };
  const items: unknown[] = [];
  try {
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({
          TableName: sink.table,
          Limit: Math.min(100, limit - diagnosis.read),
          ...(start === undefined ? {} : { ExclusiveStartKey: start }),
        }),
      );
      for (const item of page.Items ?? []) {
        diagnosis.read++;
        const plain = plainItem(item);
        const text = JSON.stringify(plain);
        if (!text.includes(runPrefix)) continue;
        diagnosis.mentions++;
        if (diagnosis.sample.length < sampleCap) {
          diagnosis.sample.push(text.slice(0, 500));
          items.push(plain);
        }
      }
      start = page.LastEvaluatedKey;
    } while (start !== undefined && diagnosis.read < limit && diagnosis.sample.length < sampleCap);
  } catch {
    // Nothing more to say than the read did.
  }
  diagnosis.paths = idPathsOf(items, runPrefix);
  return diagnosis;
}
