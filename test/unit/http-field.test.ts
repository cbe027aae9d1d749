// The target's HTTP header rule, shared by the config's schema and the engine's channel.
import { describe, expect, it } from "vitest";
import { headerValueProblem } from "../../contracts/http-field.ts";
import { httpSchema } from "../../contracts/target-parts.ts";

describe("header values", () => {
  it.each([
    ["application/json", undefined],
    ["a\tb", undefined],
    ["1\r\nx-evil: 2", "a line break"],
    ["1\u0000", "the control character 0x00"],
    ["1\u007f", "the control character 0x7f"],
  ])("%j: %s", (value, problem) => expect(headerValueProblem(value)).toBe(problem));

  it("are refused by the schema with the header's path, before any load (the engine refused a NUL only at its start)", () => {
    const parsed = httpSchema.safeParse({ url: "https://api.example.test/orders", headers: { "x-a": "1\u0000" } });
    expect(parsed.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["headers.x-a", "must not hold the control character 0x00"],
    ]);
  });
});
