// The raw-items path through a real DynamoDBClient (its HTTP handler answers in-process): items as on the wire,
// the rest of the page and every error still the SDK's.
import { Readable } from "node:stream";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { keepRawItems, type RawItem } from "../../verifier/sources/raw-items.ts";

function clientAnswering(status: number, body: string, headers: Record<string, string> = {}): DynamoDBClient {
  return new DynamoDBClient({
    region: "us-east-1",
    endpoint: "http://127.0.0.1:1",
    credentials: { accessKeyId: "unit", secretAccessKey: "unit" },
    maxAttempts: 1,
    requestHandler: {
      async handle() {
        return {
          response: {
            statusCode: status,
            headers: { "content-type": "application/x-amz-json-1.0", ...headers },
            body: Readable.from([Buffer.from(body)]),
          },
        };
      },
      updateHttpClientConfig() {},
      httpHandlerConfigs: () => ({}),
    } as never,
  });
}

describe("keepRawItems", () => {
  it("keeps the page's items as sent and lets the SDK deserialise the rest", async () => {
    const wire = {
      Items: [
        { id: { S: "r-s-1" }, n: { N: "12" }, b: { B: "aGk=" }, m: { M: { x: { L: [{ S: "y" }] } } } },
        { id: { S: "r-s-2" } },
      ],
      Count: 2,
      ScannedCount: 5,
      LastEvaluatedKey: { id: { S: "r-s-2" } },
    };
    const client = clientAnswering(200, JSON.stringify(wire), { "x-amz-crc32": "123" });
    const pages = new WeakMap<object, RawItem[]>();
    const input = { TableName: "sink" };
    const output = await client.send(keepRawItems(new ScanCommand(input), pages));
    expect(pages.get(input)).toEqual(wire.Items);
    expect(output.Items).toBeUndefined();
    expect([output.Count, output.ScannedCount, output.LastEvaluatedKey]).toEqual([2, 5, { id: { S: "r-s-2" } }]);
  });

  it("leaves an error response to the SDK, so throttling is still recognised and retried", async () => {
    const client = clientAnswering(
      400,
      JSON.stringify({
        __type: "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
        message: "slow",
      }),
    );
    const pages = new WeakMap<object, RawItem[]>();
    const input = { TableName: "sink" };
    await expect(client.send(keepRawItems(new ScanCommand(input), pages))).rejects.toMatchObject({
      name: "ProvisionedThroughputExceededException",
    });
    expect(pages.has(input)).toBe(false);
  });
});
