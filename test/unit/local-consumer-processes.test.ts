// consumers.processes: how many processes run the reference consumer's invocations; absent means the lambda process.
import { describe, expect, it } from "vitest";
import { localTargetSchema } from "../../config/schema-target.ts";

describe("consumers.processes", () => {
  it("is absent by default: the lambda process runs the reference consumer itself", () => {
    expect(localTargetSchema.parse({ kind: "local" }).consumers.processes).toBeUndefined();
  });

  it("takes 1 to 16 whole processes", () => {
    const parse = (processes: unknown) =>
      localTargetSchema.safeParse({ kind: "local", consumers: { processes } }).success;
    expect([1, 2, 16].map(parse)).toEqual([true, true, true]);
    expect([0, 17, 1.5, "2"].map(parse)).toEqual([false, false, false, false]);
  });
});
