// Payload functions: the body is the function's object with id and sentAt on top; a bad module fails with exit 4.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RenderOut } from "../../loadtests/engine/body-template.ts";
import { PayloadError } from "../../loadtests/engine/errors.ts";
import { headerLines, MessageHeaderError, reservedHeaderNames } from "../../loadtests/engine/message-headers.ts";
import { loadPayload, payloadRenderer } from "../../loadtests/engine/payload.ts";

const runId = "20261126T160000Z-aaaaaaaa";

describe("payloadRenderer", () => {
  it("renders the function's fields with the message's n, and id and sentAt always from the engine", () => {
    const render = payloadRenderer(
      ({ n, scenario }) => ({ id: "forged", sku: `SKU-${n % 3}`, qty: n, scenario }),
      runId,
      "spike",
    );
    expect(JSON.parse(render(`${runId}-spike-41`, 1_795_000_000_123))).toEqual({
      id: `${runId}-spike-41`,
      sku: "SKU-2",
      qty: 41,
      scenario: "spike",
      sentAt: 1_795_000_000_123,
    });
  });

  it.each([null, 42, "text", [1, 2]])("refuses a function that returns %j", (value) => {
    const render = payloadRenderer(() => value as unknown as Record<string, unknown>, runId, "spike");
    expect(() => render(`${runId}-spike-1`, 1)).toThrow(PayloadError);
  });
});

describe("loadPayload", () => {
  const dir = mkdtempSync(join(tmpdir(), "payload-"));

  it("loads a TypeScript module's default function", async () => {
    const file = join(dir, "ok.ts");
    writeFileSync(file, "export default (ctx: { n: number }) => ({ amount: ctx.n * 10 });\n");
    const fn = await loadPayload(file);
    expect(fn({ id: "x", sentAt: 0, n: 3, scenario: "s", runId })).toEqual({ amount: 30 });
  });

  it("says so when the module has no default function, or does not load", async () => {
    const file = join(dir, "none.ts");
    writeFileSync(file, "export const x = 1;\n");
    await expect(loadPayload(file)).rejects.toThrow(/has no default export that is a function/);
    await expect(loadPayload(join(dir, "missing.ts"))).rejects.toThrow(/could not be loaded/);
    await expect(loadPayload(join(dir, "missing.ts"))).rejects.toMatchObject({ exitCode: 4 });
  });
});

describe("per-message headers from a payload", () => {
  it("returns `{ body, headers }` as the body with id and sentAt, and the headers as checked lines", () => {
    const render = payloadRenderer(
      ({ n }) => ({ body: { qty: n }, headers: { "Idempotency-Key": `key-${n}`, "x-tenant": "t1" } }),
      runId,
      "spike",
    );
    const out = new RenderOut();
    const body = render(`${runId}-spike-7`, 5, out);
    expect(JSON.parse(body)).toEqual({ qty: 7, id: `${runId}-spike-7`, sentAt: 5 });
    expect(out.headers).toBe("Idempotency-Key: key-7\r\nx-tenant: t1\r\n");
  });

  it("keeps an object with other keys beside body and headers a plain body, and clears the last headers", () => {
    const render = payloadRenderer(() => ({ body: { a: 1 }, headers: { x: "y" }, other: 1 }), runId, "spike");
    const out = new RenderOut();
    out.headers = "stale: 1\r\n";
    expect(JSON.parse(render(`${runId}-spike-1`, 1, out))).toMatchObject({ body: { a: 1 }, other: 1 });
    expect(out.headers).toBe("");
  });

  it.each([
    [{ "bad name": "v" }, /not an HTTP token/],
    [{ x: "a\r\nInjected: 1" }, /holds a line break/],
    [{ x: "a\u0000" }, /control character 0x00/],
    [{ x: 42 }, /is number, not a string/],
    [{ "Content-Length": "9" }, /set by the engine or the target/],
    [{ "x-api-key": "k" }, /set by the engine or the target/],
  ])("refuses the headers %j with a MessageHeaderError", (headers, reason) => {
    const render = payloadRenderer(
      () => ({ body: {}, headers: headers as Record<string, string> }),
      runId,
      "spike",
      reservedHeaderNames({ "X-Api-Key": "secret" }),
    );
    expect(() => render(`${runId}-spike-1`, 1, new RenderOut())).toThrow(MessageHeaderError);
    expect(() => render(`${runId}-spike-1`, 1, new RenderOut())).toThrow(reason);
  });
});

describe("headerLines", () => {
  it("formats nothing for no headers, and refuses headers that are not an object", () => {
    expect(headerLines({}, reservedHeaderNames())).toBe("");
    expect(() => headerLines(["a"], reservedHeaderNames())).toThrow(/an object of strings, not an array/);
  });
});
