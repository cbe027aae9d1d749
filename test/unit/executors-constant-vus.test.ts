// constant-vus: a closed model; no peak rate and no rate plan, VUs scaled, a rate override refused.
import { describe, expect, it } from "vitest";
import { constantVus } from "../../executors/constant-vus.ts";
import { OverrideRefusedError } from "../../executors/errors.ts";

const config = (input: Record<string, unknown> = {}) =>
  constantVus.schema.parse({ executor: "constant-vus", vus: 4, duration: "30s", ...input });

describe("constant-vus", () => {
  it("resolves its duration to milliseconds", () => {
    expect(config()).toMatchObject({ vus: 4, durationMs: 30_000, gracefulStopMs: 10_000 });
    expect(constantVus.resolvedSchema.parse(config())).toEqual(config());
    expect(constantVus.schema.safeParse({ executor: "constant-vus", vus: 1.5, duration: "1s" }).success).toBe(false);
  });

  it("has VUs and no planned rate", () => {
    expect(constantVus.vus(config())).toBe(4);
    expect(constantVus.peakRatePerSecond(config())).toBeUndefined();
    expect(constantVus.ratePieces(config())).toEqual([]);
    expect(constantVus.durationMs(config())).toBe(30_000);
  });

  it("scales its VUs, never below one", () => {
    expect(constantVus.scaled(config(), 2.5).vus).toBe(10);
    expect(constantVus.scaled(config({ vus: 1 }), 0.1).vus).toBe(1);
  });

  it("takes a duration override and refuses a rate override", () => {
    expect(constantVus.withOverrides(config(), { durationMs: 5000 })).toMatchObject({ vus: 4, durationMs: 5000 });
    expect(() => constantVus.withOverrides(config(), { rate: 10 })).toThrow(OverrideRefusedError);
    expect(() => constantVus.withOverrides(config(), { rate: 10 })).toThrow("closed model");
  });

  it("is one phase naming its VUs", () => {
    expect(constantVus.phases(config())).toEqual([{ durationMs: 30_000, label: "4 virtual users" }]);
  });
});
