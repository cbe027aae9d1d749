// Scan and Query pages' items straight from the wire: DynamoDB's JSON already has the AttributeValue shape
// ({"S": "..."}), and the SDK's own deserialisation of millions of attribute values costs more CPU than the whole
// rest of the verification (docs/engine-performance.md, "Verifier"). Errors and everything but Items still go
// through the SDK.
import { Readable } from "node:stream";
import type { AttributeValue, QueryCommand, ScanCommand } from "@aws-sdk/client-dynamodb";

export type RawItem = Record<string, AttributeValue>;

interface RawResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: unknown;
}

interface Stackable {
  middlewareStack: {
    add(
      middleware: (
        next: (args: { input: object }) => Promise<{ response: unknown }>,
      ) => (args: { input: object }) => Promise<{ response: unknown }>,
      options: { step: "deserialize"; priority: "low"; name: string },
    ): void;
  };
}

/**
 * Makes a command leave its page's Items in `pages` (keyed by the command's input object) instead of in the SDK's
 * output. Added at low priority in the deserialize step, it runs inside the SDK's deserializer: it sees the raw
 * response first, keeps the items, and hands the SDK the rest of the page (Count, LastEvaluatedKey) to deserialise.
 * Binary attributes (B, BS) stay base64 strings, as on the wire.
 */
export function keepRawItems<C extends ScanCommand | QueryCommand>(command: C, pages: WeakMap<object, RawItem[]>): C {
  (command.middlewareStack as unknown as Stackable["middlewareStack"]).add(
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response as RawResponse;
      if (response.statusCode !== 200) return result;
      const { Items = [], ...page } = JSON.parse((await bodyBytes(response.body)).toString("utf8")) as {
        Items?: RawItem[];
      };
      pages.set(args.input, Items);
      const rest = Buffer.from(JSON.stringify(page));
      response.body = Readable.from([rest]);
      response.headers["content-length"] = String(rest.length);
      // A checksum of the original body would no longer match the one handed on.
      delete response.headers["x-amz-crc32"];
      return result;
    },
    { step: "deserialize", priority: "low", name: "harnessKeepRawItems" },
  );
  return command;
}

async function bodyBytes(body: unknown): Promise<Buffer> {
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (typeof body === "string") return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    chunks.push(
      typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength),
    );
  }
  return Buffer.concat(chunks);
}
