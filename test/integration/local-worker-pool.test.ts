// A function's worker processes, for real: context and environment, a timeout that kills the worker, a dead runtime,
// a thrown error, callback handlers, and a fresh worker after each of those.
import { describe, expect, it } from "vitest";
import { type FunctionSpec, WorkerPool } from "../../local/app/functions/worker-pool.ts";

const fixture = (name: string) => new URL(`../fixtures/team-handlers/${name}`, import.meta.url).pathname;

function pool(exportName: string, overrides: Partial<FunctionSpec> = {}): WorkerPool {
  return new WorkerPool({
    file: fixture("behaviours.mjs"),
    exportName,
    functionName: "team-consumer",
    timeoutMs: 3_000,
    memoryMB: 256,
    env: { PATH: process.env.PATH ?? "", AWS_ENDPOINT_URL_SQS: "http://127.0.0.1:1", TEAM_SETTING: "on" },
    ...overrides,
  });
}

const event = { Records: [{ messageId: "m-1" }, { messageId: "m-2" }] };

describe("WorkerPool", () => {
  it("gives the handler a Lambda context and only the function's environment", async () => {
    process.env.HOST_ONLY_SECRET = "not-for-handlers";
    const p = pool("describeContext");
    try {
      const outcome = await p.invoke(event);
      expect(outcome.ok).toBe(true);
      const value = outcome.ok ? (outcome.value as Record<string, unknown>) : {};
      expect(value).toMatchObject({
        functionName: "team-consumer",
        awsRequestId: outcome.requestId,
        records: 2,
        endpoint: "http://127.0.0.1:1",
        team: "on",
        hostSecret: null,
      });
      expect(value.remaining).toBeGreaterThan(0);
      expect(value.remaining).toBeLessThanOrEqual(3_000);
      // A warm worker serves the next invocation: one cold start for two invocations in a row.
      await p.invoke(event);
      expect(p.coldStarts).toBe(1);
    } finally {
      delete process.env.HOST_ONLY_SECRET;
      p.stop();
    }
  });

  it("fails an invocation past its timeout and replaces the worker", async () => {
    const p = pool("sleepsPastItsTimeout", { timeoutMs: 500 });
    try {
      const outcome = await p.invoke(event);
      expect(outcome).toMatchObject({
        ok: false,
        errorType: "Sandbox.Timedout",
        errorMessage: "Task timed out after 0.50 seconds",
      });
      expect(p.size).toBe(0);
      await p.invoke(event);
      expect(p.coldStarts).toBe(2);
    } finally {
      p.stop();
    }
  });

  it("fails an invocation whose runtime exits", async () => {
    const p = pool("exitsMidInvocation");
    try {
      expect(await p.invoke(event)).toMatchObject({ ok: false, errorType: "Runtime.ExitError" });
      expect(p.size).toBe(0);
    } finally {
      p.stop();
    }
  });

  it("reports a thrown error with its type and keeps the worker", async () => {
    const p = pool("throwsAnError");
    try {
      expect(await p.invoke(event)).toMatchObject({
        ok: false,
        errorType: "TypeError",
        errorMessage: "cannot read order.id",
      });
      expect(p.size).toBe(1);
    } finally {
      p.stop();
    }
  });

  it("runs a callback-style handler and a CommonJS module's export", async () => {
    const callback = pool("callbackStyle");
    const cjs = pool("consume", { file: fixture("idempotent-consumer.cjs") });
    try {
      expect(await callback.invoke(event)).toMatchObject({ ok: true, value: { batchItemFailures: [] } });
      // An empty batch: the CommonJS consumer answers without touching DynamoDB.
      expect(await cjs.invoke({ Records: [] })).toMatchObject({ ok: true, value: { batchItemFailures: [] } });
    } finally {
      callback.stop();
      cjs.stop();
    }
  });

  it("fails an invocation with an init error when the module cannot load", async () => {
    const p = pool("handler", { file: fixture("throws-at-import.ts") });
    try {
      expect(await p.invoke(event)).toMatchObject({ ok: false, errorType: "Runtime.InitError" });
    } finally {
      p.stop();
    }
  });
});
