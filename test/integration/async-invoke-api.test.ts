// The local Lambda Invoke API as the AWS SDK's LambdaClient sees it: Event answered 202 and queued, RequestResponse
// answered with the function's result or its error, DryRun 204, and AWS's refusals as the SDK's typed exceptions.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  InvalidRequestContentException,
  InvokeCommand,
  LambdaClient,
  ResourceNotFoundException,
} from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invokeApiHandler } from "../../local/app/async/invoke-api.ts";

describe("the local Invoke API", () => {
  const accepted: Array<{ requestId: string; text: string; payload: unknown }> = [];
  let server: Server;
  let client: LambdaClient;
  let n = 0;

  beforeAll(async () => {
    const handler = invokeApiHandler({
      functionName: "orders-async",
      accept: (requestId, text, payload) => accepted.push({ requestId, text, payload }),
      invokeNow: async (payload, requestId) =>
        (payload as { fail?: boolean }).fail === true
          ? { ok: false, requestId, errorType: "OrderError", errorMessage: "no such order" }
          : { ok: true, requestId, value: { echoed: payload } },
      newId: () => `req-${++n}`,
    });
    server = createServer((req, res) => void handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    client = new LambdaClient({
      region: "us-east-1",
      endpoint: `http://127.0.0.1:${port}`,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
      maxAttempts: 1,
    });
  });
  afterAll(() => {
    client.destroy();
    server.close();
  });

  const invoke = (input: Partial<ConstructorParameters<typeof InvokeCommand>[0]>) =>
    client.send(new InvokeCommand({ FunctionName: "orders-async", ...input }));

  it("queues an Event invocation and answers 202 with its request ID", async () => {
    const body = JSON.stringify({ id: "r-s-1", sentAt: 1 });
    const out = await invoke({ InvocationType: "Event", Payload: Buffer.from(body) });
    expect(out.StatusCode).toBe(202);
    expect(accepted).toEqual([{ requestId: "req-1", text: body, payload: { id: "r-s-1", sentAt: 1 } }]);
  });

  it("takes the function by ARN with a qualifier", async () => {
    const out = await invoke({
      FunctionName: "arn:aws:lambda:us-east-1:000000000000:function:orders-async:$LATEST",
      InvocationType: "Event",
      Payload: Buffer.from("{}"),
    });
    expect(out.StatusCode).toBe(202);
  });

  it("runs a RequestResponse invocation and answers its result, or its error as FunctionError", async () => {
    const ok = await invoke({ Payload: Buffer.from('{"id":"a"}') });
    expect([ok.StatusCode, ok.FunctionError, JSON.parse(Buffer.from(ok.Payload ?? []).toString())]).toEqual([
      200,
      undefined,
      { echoed: { id: "a" } },
    ]);
    const failed = await invoke({ Payload: Buffer.from('{"fail":true}') });
    expect([failed.StatusCode, failed.FunctionError, JSON.parse(Buffer.from(failed.Payload ?? []).toString())]).toEqual(
      [200, "Unhandled", { errorType: "OrderError", errorMessage: "no such order" }],
    );
  });

  it("answers DryRun 204 and queues nothing", async () => {
    const before = accepted.length;
    expect((await invoke({ InvocationType: "DryRun" })).StatusCode).toBe(204);
    expect(accepted.length).toBe(before);
  });

  it("refuses an unknown function and a body that is not JSON with AWS's exceptions", async () => {
    await expect(invoke({ FunctionName: "nope", InvocationType: "Event", Payload: Buffer.from("{}") })).rejects.toThrow(
      ResourceNotFoundException,
    );
    await expect(invoke({ InvocationType: "Event", Payload: Buffer.from("not json") })).rejects.toThrow(
      InvalidRequestContentException,
    );
  });
});
