// The DynamoDB Streams stand-in as a process in front of dynalite (which has no streams), on the DynamoDB endpoint:
//   node local/app/streams/proxy-main.ts <port> <dynalite endpoint>
// DynamoDB calls go through to dynalite unchanged (writes to stream-enabled tables are captured, see capture.ts);
// DynamoDB Streams calls (`DynamoDBStreams_20120810.*`, the same endpoint) are answered from the captured records.
import { Agent, createServer, type IncomingMessage, request, type ServerResponse } from "node:http";
import { localAccountId, localRegion } from "../../resources.ts";
import { ChangeCapture, type Reply } from "./capture.ts";
import { StreamLog } from "./stream-log.ts";
import { StreamsApiError, streamsApi } from "./streams-api.ts";

const [portArg, upstreamArg] = process.argv.slice(2);
const port = Number(portArg);
if (!Number.isInteger(port) || upstreamArg === undefined) {
  process.stderr.write("usage: node proxy-main.ts <port> <dynalite endpoint>\n");
  process.exit(4);
}
const upstream = new URL(upstreamArg);
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
const retentionMs = Number(process.env.HARNESS_STREAM_RETENTION_MS ?? 24 * 3600 * 1000);
const log = new StreamLog({ region: localRegion, accountId: localAccountId, retentionMs, now: Date.now });

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  bytes: Buffer;
}

function send(headers: Record<string, string>, body: Buffer): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: upstream.hostname, port: upstream.port, method: "POST", path: "/", headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 500, headers: res.headers, bytes: Buffer.concat(chunks) }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** The capture's own calls: dynalite checks that a request is signed, not the signature. */
const ownAuth = {
  authorization:
    "AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=00",
  "x-amz-date": "20200101T000000Z",
  "content-type": "application/x-amz-json-1.0",
};

const capture = new ChangeCapture(log, {
  async call(operation, body) {
    const raw = await send(
      { ...ownAuth, "x-amz-target": `DynamoDB_20120810.${operation}` },
      Buffer.from(JSON.stringify(body)),
    );
    return { status: raw.status, body: parse(raw.bytes) };
  },
});

function parse(bytes: Buffer): Record<string, unknown> {
  try {
    return bytes.length === 0 ? {} : (JSON.parse(bytes.toString("utf8")) as Record<string, unknown>);
  } catch {
    return {};
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { "content-type": "application/x-amz-json-1.0", "content-length": bytes.length });
  res.end(bytes);
}

/** Operations whose request or answer the capture looks at; every other call is piped through as bytes. */
const watched = new Set([
  "CreateTable",
  "UpdateTable",
  "DescribeTable",
  "PutItem",
  "UpdateItem",
  "DeleteItem",
  "BatchWriteItem",
  "TransactWriteItems",
]);

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = String(req.headers["x-amz-target"] ?? "");
  const body = await readBody(req);
  const dot = target.indexOf(".");
  const service = target.slice(0, dot);
  const operation = target.slice(dot + 1);
  if (service === "DynamoDBStreams_20120810") {
    try {
      reply(res, 200, streamsApi(log, operation, parse(body)));
    } catch (error) {
      if (!(error instanceof StreamsApiError)) throw error;
      reply(res, error.status, { __type: `com.amazonaws.dynamodb.v20120810#${error.type}`, message: error.message });
    }
    return;
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string" && k !== "host") headers[k] = v;
  let raw: Raw | undefined;
  let forwarded: Reply | undefined;
  const forward = async (): Promise<Reply> => {
    raw = await send(headers, body);
    forwarded = { status: raw.status, body: watched.has(operation) ? parse(raw.bytes) : {} };
    return forwarded;
  };
  const out =
    watched.has(operation) && service === "DynamoDB_20120810"
      ? await capture.handle(operation, parse(body), forward)
      : await forward();
  if (out === forwarded && raw !== undefined) {
    const passed: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(raw.headers))
      if (v !== undefined && k !== "connection" && k !== "keep-alive") passed[k] = v;
    res.writeHead(raw.status, passed);
    res.end(raw.bytes);
    return;
  }
  // A changed answer (a stream added to a table description): its CRC32 would no longer match, so it is left out.
  reply(res, out.status, out.body);
}

createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  handle(req, res).catch((error: unknown) => {
    process.stderr.write(`${new Date().toISOString()} streams proxy: ${String(error)}\n`);
    if (!res.headersSent)
      reply(res, 500, { __type: "com.amazonaws.dynamodb.v20120810#InternalServerError", message: String(error) });
  });
}).listen(port, "127.0.0.1", () =>
  process.stderr.write(`${new Date().toISOString()} streams proxy on :${port} -> ${upstream.origin}\n`),
);

process.on("SIGTERM", () => process.exit(0));
process.on("SIGINT", () => process.exit(0));
