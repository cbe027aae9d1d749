// Reads one DynamoDB sink table for a run: Query on the run partition when there is one, else a parallel filtered Scan.

import {
  type AttributeValue,
  type DynamoDBClient,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
} from "@aws-sdk/client-dynamodb";
import jmespath from "jmespath";
import { describeError } from "../../common/errors.ts";
import type { SinkConfig } from "../../config/schema-target.ts";
import { runPrefix as runPrefixOf } from "../../contracts/message-id.ts";
import type { SourceStatus } from "../../contracts/verdict.ts";
import { recordSinkItem, type SinkEvidence } from "../evidence.ts";
import { plainItem } from "./dynamodb-plain.ts";
import { keepRawItems } from "./raw-items.ts";
import { type RetryOptions, retryThrottled } from "./retry.ts";
import { isUnreachable } from "./unreachable.ts";

export interface SinkReadOptions {
  client: DynamoDBClient;
  sink: SinkConfig;
  runId: string;
  /** Items per page (DynamoDB's Limit); the 1 MB page cap applies anyway. */
  pageSize?: number;
  retry?: RetryOptions;
  /** Called after every page with the running count, for progress. */
  onPage?: (items: number) => void;
  /** The Scan segments this reader reads (of sink.scanSegments); default all. Threads split them this way. */
  segments?: readonly number[];
}

type Item = Record<string, AttributeValue>;

/** Streams the run's items into the evidence; a read that fails midway is reported incomplete, never thrown. */
export async function readSink(options: SinkReadOptions, ev: SinkEvidence): Promise<SourceStatus> {
  const { sink, runId } = options;
  const runPrefix = runPrefixOf(runId);
  const idRegex = sink.idRegex === undefined ? undefined : new RegExp(sink.idRegex);
  const status: SourceStatus = { name: sink.name, read: 0, complete: true };
  const { attemptsAttribute, sentAtAttribute, processedAtAttribute } = sink;
  const rawId = idReader(sink);
  const onItems = (items: Item[]) => {
    for (const item of items) {
      const raw = rawId(item);
      if (raw === undefined) continue;
      const id = idRegex === undefined ? raw : idRegex.exec(raw)?.[1];
      // A Query partition or a `contains` filter can still hold another run's or a non-message item.
      if (id === undefined || !id.startsWith(runPrefix)) continue;
      // attempts: how many times the pipeline wrote this item (a write counter); above 1 it is a duplicate.
      const attempts = attemptsAttribute === undefined ? 1 : (number(item[attemptsAttribute]) ?? 1);
      recordSinkItem(
        ev,
        id,
        attempts,
        sentAtAttribute === undefined ? undefined : time(item[sentAtAttribute]),
        processedAtAttribute === undefined ? undefined : time(item[processedAtAttribute]),
      );
      status.read++;
    }
    options.onPage?.(status.read);
  };
  try {
    await paginate(options, "items", onItems);
  } catch (error) {
    status.complete = false;
    status.error = describeError(error);
    if (isUnreachable(error)) status.unreachable = true;
  }
  return status;
}

/** The ID's raw value in an item: the idAttribute, or the idPath (JMESPath) over the item as plain JSON. */
export function idReader(sink: SinkConfig): (item: Item) => string | undefined {
  const { idPath, idAttribute } = sink;
  if (idPath === undefined) return (item) => text(item[idAttribute]);
  return (item) => {
    const found = jmespath.search(plainItem(item), idPath);
    return typeof found === "string" ? found : typeof found === "number" ? String(found) : undefined;
  };
}

/** How many items the run has in the sink now (Select COUNT), for the drain's "stopped growing" check. */
export async function countSinkItems(options: SinkReadOptions): Promise<number> {
  let total = 0;
  await paginate(options, "count", (_items, count) => {
    total += count;
  });
  return total;
}

async function paginate(
  options: SinkReadOptions,
  mode: "items" | "count",
  onPage: (items: Item[], count: number) => void,
): Promise<void> {
  const { client, sink, runId } = options;
  const names: Record<string, string> = {};
  const placeholder = (attribute: string) => {
    const key = `#a${Object.keys(names).length}`;
    for (const [k, v] of Object.entries(names)) if (v === attribute) return k;
    names[key] = attribute;
    return key;
  };
  // An idPath can reach anywhere in the item, so the whole item is read.
  const projection =
    mode === "count" || sink.idPath !== undefined
      ? undefined
      : [sink.idAttribute, sink.sentAtAttribute, sink.processedAtAttribute, sink.attemptsAttribute]
          .filter((a): a is string => a !== undefined)
          .map(placeholder)
          .join(", ");
  const common = {
    TableName: sink.table,
    ...(options.pageSize === undefined ? {} : { Limit: options.pageSize }),
    ...(mode === "count" ? { Select: "COUNT" as const } : {}),
    ...(projection === undefined ? {} : { ProjectionExpression: projection }),
  };
  // Pages' items come raw from the wire (see raw-items.ts); a client without a middleware stack (a test double)
  // answers with Items in its output as usual.
  const rawPages = new WeakMap<object, Item[]>();
  const command = (input: QueryCommandInput | ScanCommandInput, query: boolean) => {
    const c = query ? new QueryCommand(input) : new ScanCommand(input as ScanCommandInput);
    return mode === "items" ? keepRawItems(c, rawPages) : c;
  };
  const send = async (input: QueryCommandInput | ScanCommandInput, query: boolean) => {
    const page = await retryThrottled(() => client.send(command(input, query)), options.retry);
    const raw = rawPages.get(input);
    return raw === undefined ? page : { ...page, Items: raw };
  };

  if (sink.runPartition !== undefined) {
    const pk = placeholder(sink.runPartition.attribute);
    const input: QueryCommandInput = {
      ...common,
      KeyConditionExpression: `${pk} = :run`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ":run": { S: sink.runPartition.value.replaceAll("{runId}", runId) } },
    };
    await pages(input, true);
    return;
  }
  // With an idRegex the run prefix sits inside the attribute (`MSG#<id>`), so begins_with would miss it. With an
  // idPath there is no attribute to filter on: the reader filters (a Scan costs the same read capacity either way).
  const filter =
    sink.idPath !== undefined
      ? undefined
      : sink.idRegex === undefined
        ? `begins_with(${placeholder(sink.idAttribute)}, :run)`
        : `contains(${placeholder(sink.idAttribute)}, :run)`;
  const segments = sink.scanSegments;
  const mine = options.segments ?? Array.from({ length: segments }, (_, segment) => segment);
  // Every segment runs to its end (or its own failure) before the read is reported: none is left adding items later.
  const settled = await Promise.allSettled(
    mine.map((segment) =>
      pages(
        {
          ...common,
          // DynamoDB refuses an empty ExpressionAttributeNames: only when a placeholder was used.
          ...(Object.keys(names).length === 0 ? {} : { ExpressionAttributeNames: names }),
          ...(filter === undefined
            ? {}
            : { FilterExpression: filter, ExpressionAttributeValues: { ":run": { S: runPrefixOf(runId) } } }),
          ...(segments > 1 ? { Segment: segment, TotalSegments: segments } : {}),
        },
        false,
      ),
    ),
  );
  const failed = settled.find((r) => r.status === "rejected");
  if (failed !== undefined) throw failed.reason;

  async function pages(input: QueryCommandInput | ScanCommandInput, query: boolean): Promise<void> {
    let start: Item | undefined;
    do {
      const page = await send(start === undefined ? input : { ...input, ExclusiveStartKey: start }, query);
      onPage(page.Items ?? [], page.Count ?? 0);
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
  }
}

function text(av: AttributeValue | undefined): string | undefined {
  return av?.S ?? av?.N;
}

function number(av: AttributeValue | undefined): number | undefined {
  const raw = av?.N ?? av?.S;
  if (raw === undefined) return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

/** Epoch ms as a number, or an ISO 8601 string (both are common in sink tables). */
function time(av: AttributeValue | undefined): number | undefined {
  const n = number(av);
  if (n !== undefined) return n;
  if (av?.S === undefined) return undefined;
  const parsed = Date.parse(av.S);
  return Number.isNaN(parsed) ? undefined : parsed;
}
