// Payload functions: the body is the function's object with id and sentAt on top; a bad module fails with exit 4.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PayloadError } from "../../loadtests/engine/errors.ts";
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
