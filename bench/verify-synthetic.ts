// The synthetic run of bench:verify: planted anomalies by message number, its ledger, and DynamoDB and SQS clients

// that answer as the real ones would with that run's sink and DLQ. The sink reader's threads import this module for
// their client (createDynamoDbClient), so it must not run anything when imported.
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { writeDecimal } from "../common/write-decimal.ts";
import { messageId, scenarioPrefix } from "../contracts/message-id.ts";
import { type MessageClass, messageClasses } from "../contracts/verdict.ts";

export const runId = "20261126T154200Z-benchrun";
const scenario = "bench";
const workers = 4;
const t0 = 1_764_171_720_000;
const ratePerMs = 5; // 5,000 messages/s of send times
export const unexpectedCount = 100;

/** The anomaly planted on message n (by n mod 1000), and so the class it must end in. */
export function plantedClass(n: number): MessageClass {
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
export const idOf = (n: number) => messageId(runId, scenario, n);

export function generateLedger(dir: string, total: number): void {
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

/** Items per Scan page: DynamoDB stops a page at 1 MB, about this many of these ~130-byte items. */
const itemsPerPage = 7_000;

export interface ScanInput {
  Segment?: number;
  TotalSegments?: number;
  ExclusiveStartKey?: { n: { N: string } };
  Select?: string;
}

const itemHead = Buffer.from(`{"id":{"S":"${scenarioPrefix(runId, scenario)}`);
const itemSent = Buffer.from(`"},"sentAt":{"N":"`);
const itemProcessed = Buffer.from(`"},"processedAt":{"N":"`);
const itemTail = Buffer.from(`"}}`);
const pageBuffer = Buffer.alloc(itemsPerPage * 2 * 160 + 256);

/**
 * The bytes DynamoDB answers a Scan page of the synthetic sink with (the JSON the SDK parses), written straight into a
 * buffer: they stand for what arrives from the network, which costs the reader almost nothing to receive, so the
 * source should cost little too (built as strings they cost more than the reader's own work:
 * docs/engine-performance.md, "Verifier").
 */
export function scanPageBytes(total: number, input: ScanInput): Buffer {
  const { Segment = 0, TotalSegments = 1, ExclusiveStartKey, Select } = input;
  // The drain's COUNT: one answer for the whole table (what it costs on AWS is the drain's business, not this bench's).
  if (Select === "COUNT")
    return Buffer.from(`{"Count":${Segment === 0 ? total + unexpectedCount : 0},"ScannedCount":0}`);
  const per = Math.ceil((total + unexpectedCount) / TotalSegments);
  const end = Math.min((Segment + 1) * per, total + unexpectedCount);
  const from = ExclusiveStartKey === undefined ? Segment * per : Number(ExclusiveStartKey.n.N);
  const to = Math.min(from + itemsPerPage, end);
  const buf = pageBuffer;
  let at = buf.write('{"Items":[', 0, "latin1");
  let count = 0;
  for (let n = from; n < to; n++) {
    const times = n >= total ? 1 : sinkTimes(plantedClass(n));
    const ts = t0 + Math.floor(n / ratePerMs);
    for (let k = 0; k < times; k++) {
      if (count > 0) buf[at++] = 0x2c;
      at += itemHead.copy(buf, at);
      at = writeDecimal(buf, at, n);
      at += itemSent.copy(buf, at);
      at = writeDecimal(buf, at, ts);
      at += itemProcessed.copy(buf, at);
      at = writeDecimal(buf, at, ts + 20 + (n % 500));
      at += itemTail.copy(buf, at);
      count++;
    }
  }
  const last = to < end ? `,"LastEvaluatedKey":{"n":{"N":"${to}"}}` : "";
  at += buf.write(`],"Count":${count},"ScannedCount":${to - from}${last}}`, at, "latin1");
  return Buffer.from(buf.subarray(0, at)); // a copy: the SDK may still hold the previous page while this one is built
}

/**
 * A real DynamoDBClient whose HTTP handler answers from the synthetic sink instead of a socket: signing, middleware,
 * JSON parsing and the SDK's deserialisation of every attribute value all run as they would against AWS.
 */
export function syntheticDynamo(total: number): DynamoDBClient {
  return new DynamoDBClient({
    region: "us-east-1",
    endpoint: "http://127.0.0.1:1",
    credentials: { accessKeyId: "synthetic", secretAccessKey: "synthetic" },
    requestHandler: {
      async handle(request: { body?: unknown }) {
        const text =
          typeof request.body === "string" ? request.body : new TextDecoder().decode(request.body as Uint8Array);
        const body = scanPageBytes(total, JSON.parse(text) as ScanInput);
        return {
          response: {
            statusCode: 200,
            headers: { "content-type": "application/x-amz-json-1.0", "content-length": String(body.length) },
            body: Readable.from([body]),
          },
        };
      },
      updateHttpClientConfig() {},
      httpHandlerConfigs: () => ({}),
    } as never,
  });
}

/** What the sink reader's threads call for their client (see ThreadedSinkReadOptions.clientModule). */
export function createDynamoDbClient(_aws: unknown, options: { total: number }): DynamoDBClient {
  return syntheticDynamo(options.total);
}

/** An SQS client whose queue holds this run's dead-lettered messages (redrive bodies), 10 per receive. */
export function syntheticDlq(total: number): SQSClient {
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

export function expectedCounts(total: number): Record<MessageClass, number> {
  const counts = Object.fromEntries(messageClasses.map((c) => [c, 0])) as Record<MessageClass, number>;
  for (let n = 0; n < total; n++) counts[plantedClass(n)]++;
  counts.unexpected = unexpectedCount;
  return counts;
}
