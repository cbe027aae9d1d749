// Every AWS call is bounded: an endpoint that accepts the connection and never answers fails the call (#16 item 8).

import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientConfig, createAwsClients, defaultRequestTimeoutMs } from "../../aws/clients.ts";
import { silentServer } from "../support/silent-server.ts";

const silent = silentServer();
let endpoint = "";

beforeAll(async () => {
  endpoint = await silent.start();
});
afterAll(() => silent.close());

describe("AWS clients", () => {
  it("give up on a call the endpoint never answers, after the request timeout", async () => {
    const clients = createAwsClients({
      region: "us-east-1",
      endpoint,
      staticCredentials: { accessKeyId: "test", secretAccessKey: "test" },
      maxAttempts: 1,
      requestTimeoutMs: 300,
    });
    const started = Date.now();
    try {
      await expect(
        clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: `${endpoint}/000000000000/q` })),
      ).rejects.toThrow(/timeout|timed out/i);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      clients.destroy();
    }
  });

  it("have a request and a connect timeout by default", () => {
    const handler = clientConfig({ region: "us-east-1" }, "sqs").requestHandler;
    expect(handler.requestTimeout).toBe(defaultRequestTimeoutMs);
    expect(handler.connectionTimeout).toBeGreaterThan(0);
  });
});
