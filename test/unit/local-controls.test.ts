// Fault controls and bug modes: parsing NAME=VALUE, ranges, and every problem reported at once.
import { describe, expect, it } from "vitest";
import { checkValue, parseAssignments, sortControls } from "../../local/controls.ts";

describe("sortControls", () => {
  it("splits faults from bugs and coerces strings and booleans", () => {
    expect(sortControls({ consumerErrorRate: "0.5", silentDrop: true, gatewayRate: 100 })).toEqual({
      faults: { consumerErrorRate: 0.5, gatewayRate: 100 },
      bugs: { silentDrop: 1 },
      problems: [],
    });
  });

  it("reports unknown names and out-of-range values together", () => {
    const { problems } = sortControls({
      nope: 1,
      consumerErrorRate: 2,
      gatewayRate: 0,
      eventsMaxRetryAttempts: 1.5,
      consumerLatencyMs: "",
    });
    expect(problems).toEqual([
      { name: "nope", message: "is not a fault control or bug mode" },
      { name: "consumerErrorRate", message: "must be between 0 and 1" },
      { name: "gatewayRate", message: "must be more than 0" },
      { name: "eventsMaxRetryAttempts", message: "must be a whole number, 0 or more" },
      { name: "consumerLatencyMs", message: "must be a number" },
    ]);
  });
});

describe("parseAssignments", () => {
  it("reads NAME=VALUE and flags what is not", () => {
    expect(parseAssignments(["a=1", " b = x=y ", "c", "=3"])).toEqual({
      values: { a: "1", b: "x=y" },
      problems: [
        { name: "c", message: "must be NAME=VALUE" },
        { name: "=3", message: "must be NAME=VALUE" },
      ],
    });
  });
});

describe("checkValue", () => {
  it("accepts the edges of each range", () => {
    expect(checkValue("silentDrop", 0)).toBeUndefined();
    expect(checkValue("silentDrop", 1)).toBeUndefined();
    expect(checkValue("consumerMaxConcurrency", 0)).toBeUndefined();
    expect(checkValue("gatewayLatencyMs", Number.NaN)).toBe("must be a number");
  });
});
