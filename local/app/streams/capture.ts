// The change capture in front of DynamoDB: every call is forwarded unchanged; a successful write to a stream-enabled
// table is bracketed by consistent reads of the items it touches (under a per-key lock) and each changed item becomes
// one stream record; CreateTable/UpdateTable with a StreamSpecification enable a stream, DescribeTable shows it.
import type { AttributeMap, StreamViewType } from "./images.ts";
import { changeRecord, streamViewTypes } from "./images.ts";
import { KeyLock } from "./key-lock.ts";
import type { StreamLog, TableStream } from "./stream-log.ts";

export interface Reply {
  status: number;
  body: Record<string, unknown>;
}

/** DynamoDB behind the capture: the caller's request forwarded as it came, and the capture's own calls. */
export interface DynamoBackend {
  call(operation: string, body: Record<string, unknown>): Promise<Reply>;
}

interface Touched {
  stream: TableStream;
  key: AttributeMap;
  lockKey: string;
}

type Body = Record<string, unknown>;

export class ChangeCapture {
  private readonly lock = new KeyLock();
  private readonly log: StreamLog;
  private readonly backend: DynamoBackend;

  constructor(log: StreamLog, backend: DynamoBackend) {
    this.log = log;
    this.backend = backend;
  }

  /** Handles one DynamoDB call: `forward` sends the original request (bytes and headers as they came). */
  async handle(operation: string, body: Body, forward: () => Promise<Reply>): Promise<Reply> {
    switch (operation) {
      case "CreateTable":
        return this.createTable(body, forward);
      case "UpdateTable":
        return this.updateTable(body, forward);
      case "DescribeTable":
        return this.withStream(await forward(), "Table");
      case "PutItem":
      case "UpdateItem":
      case "DeleteItem":
      case "BatchWriteItem":
      case "TransactWriteItems": {
        const touched = this.touched(operation, body);
        if (touched.length === 0) return forward();
        return this.capture(touched, forward);
      }
      default:
        return forward();
    }
  }

  private async capture(touched: Touched[], forward: () => Promise<Reply>): Promise<Reply> {
    return this.lock.with(
      touched.map((t) => t.lockKey),
      async () => {
        const before = await Promise.all(touched.map((t) => this.read(t)));
        const reply = await forward();
        if (reply.status !== 200) return reply;
        const after = await Promise.all(touched.map((t) => this.read(t)));
        touched.forEach((t, i) => {
          const keyNames = t.stream.keySchema.map((k) => k.AttributeName);
          const change = changeRecord(before[i], after[i], keyNames, t.stream.viewType);
          if (change !== undefined) this.log.append(t.stream, change);
        });
        return reply;
      },
    );
  }

  private async read(t: Touched): Promise<AttributeMap | undefined> {
    const reply = await this.backend.call("GetItem", {
      TableName: t.stream.tableName,
      Key: t.key,
      ConsistentRead: true,
    });
    if (reply.status !== 200)
      throw new Error(`change capture: GetItem on ${t.stream.tableName} answered ${reply.status}`);
    return reply.body.Item as AttributeMap | undefined;
  }

  /** The items a write touches on stream-enabled tables (a BatchWriteItem or a transaction may touch several). */
  private touched(operation: string, body: Body): Touched[] {
    const out: Touched[] = [];
    const add = (table: unknown, itemOrKey: unknown) => {
      if (typeof table !== "string" || itemOrKey === null || typeof itemOrKey !== "object") return;
      const stream = this.log.forTable(table);
      if (stream === undefined) return;
      const source = itemOrKey as AttributeMap;
      const key = Object.fromEntries(stream.keySchema.map((k) => [k.AttributeName, source[k.AttributeName]]));
      out.push({
        stream,
        key,
        lockKey: `${table}\u0000${JSON.stringify(stream.keySchema.map((k) => key[k.AttributeName]))}`,
      });
    };
    if (operation === "PutItem") add(body.TableName, body.Item);
    else if (operation === "UpdateItem" || operation === "DeleteItem") add(body.TableName, body.Key);
    else if (operation === "BatchWriteItem") {
      for (const [table, requests] of Object.entries((body.RequestItems ?? {}) as Record<string, unknown[]>))
        for (const r of requests as Array<{ PutRequest?: { Item: unknown }; DeleteRequest?: { Key: unknown } }>)
          add(table, r.PutRequest?.Item ?? r.DeleteRequest?.Key);
    } else {
      for (const t of (body.TransactItems ?? []) as Array<
        Record<string, { TableName?: unknown; Item?: unknown; Key?: unknown }>
      >) {
        const entry = t.Put ?? t.Update ?? t.Delete;
        if (entry !== undefined) add(entry.TableName, entry.Item ?? entry.Key);
      }
    }
    return out;
  }

  private async createTable(body: Body, forward: () => Promise<Reply>): Promise<Reply> {
    const spec = streamSpec(body.StreamSpecification);
    const reply = await forward();
    if (reply.status === 200 && spec !== undefined) this.enable(String(body.TableName), spec, body.KeySchema);
    return this.withStream(reply, "TableDescription");
  }

  private async updateTable(body: Body, forward: () => Promise<Reply>): Promise<Reply> {
    const spec = streamSpec(body.StreamSpecification);
    if (spec === undefined) return this.withStream(await forward(), "TableDescription");
    const { StreamSpecification: _, ...rest } = body;
    const onlyStream = Object.keys(rest).every((k) => k === "TableName");
    // dynalite has no streams: a change of the stream alone is answered here, from the table as it is.
    const reply = onlyStream
      ? await this.backend.call("DescribeTable", { TableName: body.TableName })
      : await this.backend.call("UpdateTable", rest);
    if (reply.status !== 200) return reply;
    const table = (reply.body.Table ?? reply.body.TableDescription) as Body;
    this.enable(String(body.TableName), spec, table.KeySchema);
    return this.withStream({ status: 200, body: { TableDescription: table } }, "TableDescription");
  }

  private enable(table: string, viewType: StreamViewType, keySchema: unknown): void {
    this.log.enable(table, viewType, keySchema as TableStream["keySchema"]);
  }

  private withStream(reply: Reply, field: "Table" | "TableDescription"): Reply {
    const table = reply.body[field] as Body | undefined;
    const stream = table === undefined ? undefined : this.log.forTable(String(table.TableName));
    if (reply.status !== 200 || table === undefined || stream === undefined) return reply;
    return {
      status: 200,
      body: {
        ...reply.body,
        [field]: {
          ...table,
          StreamSpecification: { StreamEnabled: true, StreamViewType: stream.viewType },
          LatestStreamArn: stream.arn,
          LatestStreamLabel: stream.label,
        },
      },
    };
  }
}

/** The view type of an enabling StreamSpecification; undefined when it does not enable a stream. */
function streamSpec(raw: unknown): StreamViewType | undefined {
  if (raw === null || typeof raw !== "object") return undefined;
  const spec = raw as { StreamEnabled?: unknown; StreamViewType?: unknown };
  if (spec.StreamEnabled !== true) return undefined;
  const view = spec.StreamViewType;
  return streamViewTypes.includes(view as StreamViewType) ? (view as StreamViewType) : "NEW_AND_OLD_IMAGES";
}
