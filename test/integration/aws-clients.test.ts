// AWS clients: a failed call names its service, operation and endpoint; an endpoint set by the environment wins over
// the host a QueueUrl names (#15 item 2).
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAwsClients } from "../../aws/clients.ts";

const seen: string[] = [];
/** Answers every call as a service that does not know the operation (an endpoint pointed at the wrong service). */
const wrongService: Server = createServer((req: IncomingMessage, res) => {
  seen.push(`${req.headers["x-amz-target"] ?? req.url}`);
  req.resume();
  req.on("end", () =>
    res
      .writeHead(400, { "content-type": "application/x-amz-json-1.0" })
      .end(JSON.stringify({ __type: "UnknownOperationException", message: "UnknownError" })),
  );
});
let endpoint = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => wrongService.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(wrongService.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => wrongService.close(() => resolve())));

const credentials = { accessKeyId: "test", secretAccessKey: "test" };

describe("AWS clients", () => {
  it("name the service, the operation and the endpoint of a failed call, keeping the error's name", async () => {
    const clients = createAwsClients(
      { region: "eu-central-1", endpoint, staticCredentials: credentials, maxAttempts: 1 },
      {},
    );
    try {
      const error = await clients.sqs
        .send(new GetQueueAttributesCommand({ QueueUrl: `${endpoint}/000000000000/orders` }))
        .then(
          () => new Error("the call succeeded"),
          (e: unknown) => e as Error,
        );
      expect(error.name).toBe("UnknownOperationException");
      expect(error.message).toBe(`SQS GetQueueAttributes at ${endpoint}: UnknownError`);
    } finally {
      clients.destroy();
    }
  });

  it("send SQS calls to the endpoint the environment sets, whatever host the QueueUrl names", async () => {
    seen.length = 0;
    const clients = createAwsClients(
      { region: "eu-central-1", staticCredentials: credentials, maxAttempts: 1 },
      { AWS_ENDPOINT_URL_SQS: endpoint },
    );
    try {
      const error = await clients.sqs
        .send(new GetQueueAttributesCommand({ QueueUrl: "http://sqs.eu-central-1.invalid/000000000000/orders" }))
        .then(
          () => new Error("the call succeeded"),
          (e: unknown) => e as Error,
        );
      // It reached the endpoint (and the fake answered as a wrong service), instead of ENOTFOUND for the URL's host.
      expect(seen).toEqual(["AmazonSQS.GetQueueAttributes"]);
      expect(error.message).toContain(`SQS GetQueueAttributes at ${endpoint}`);
    } finally {
      clients.destroy();
    }
  });
});
