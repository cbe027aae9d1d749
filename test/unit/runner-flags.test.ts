// --rate and --duration: the scenario's shape kept, scaled or stretched; --segment i/n; bad values refused with exit 4.
import { describe, expect, it } from "vitest";
import { type ScenarioInput, scenarioSchema } from "../../config/schema-scenario.ts";
import { arrivalPlan } from "../../loadtests/engine/rate-plan.ts";
import spike from "../../loadtests/scenarios/spike.ts";
import { OverrideError } from "../../runner/errors.ts";
import {
  applyOverrideFlags as applyOverrides,
  parseSegmentFlag as parseSegment,
  parseStartAtFlag,
} from "../../runner/flags.ts";

const parse = (input: ScenarioInput) => scenarioSchema.parse(input);

describe("applyOverrides", () => {
  it("replaces rate and duration of a constant arrival rate", () => {
    const s = applyOverrides(parse({ executor: "constant-arrival-rate", rate: 20, duration: "20s" }), {
      rate: "300",
      duration: "5s",
    });
    expect(s).toMatchObject({ rate: 300, durationMs: 5000 });
    expect(arrivalPlan(s).total).toBe(1500);
  });

  it("scales a ramp to the new peak and stretches its stages, keeping the shape", () => {
    const s = applyOverrides(parse(spike), { rate: "3000", duration: "48s" });
    if (s.executor !== "ramping-arrival-rate") throw new Error("executor changed");
    expect(s.startRate).toBe(100);
    expect(s.stages.map((x) => x.target)).toEqual([100, 3000, 3000, 100, 100]);
    expect(s.stages.map((x) => x.durationMs)).toEqual([10_000, 4000, 20_000, 4000, 10_000]);
  });

  it("changes nothing without overrides", () => {
    const s = parse(spike);
    expect(applyOverrides(s, {})).toEqual(s);
  });

  it.each([
    [{ rate: "fast" }, "--rate"],
    [{ rate: "0" }, "--rate"],
    [{ rate: "-5" }, "--rate"],
    [{ duration: "soon" }, "--duration"],
    [{ duration: "0s" }, "--duration"],
  ])("refuses %j with exit 4", (overrides, flag) => {
    const attempt = () =>
      applyOverrides(parse({ executor: "constant-arrival-rate", rate: 1, duration: "1s" }), overrides);
    expect(attempt).toThrow(OverrideError);
    expect(attempt).toThrow(flag);
    try {
      attempt();
    } catch (error) {
      expect((error as OverrideError).exitCode).toBe(4);
    }
  });

  it("refuses --rate for the closed-model constant-vus executor", () => {
    expect(() => applyOverrides(parse({ executor: "constant-vus", vus: 2, duration: "1s" }), { rate: "10" })).toThrow(
      "closed model",
    );
  });
});

describe("parseSegment", () => {
  it.each([
    ["1/1", { index: 1, count: 1 }],
    ["2/8", { index: 2, count: 8 }],
    [" 8 / 8 ", { index: 8, count: 8 }],
  ])("%s", (text, expected) => expect(parseSegment(text)).toEqual(expected));

  it.each(["0/4", "5/4", "1/0", "2", "a/b", "-1/3", "1/3/4", ""])("refuses %j with exit 4", (text) => {
    expect(() => parseSegment(text)).toThrow(OverrideError);
    try {
      parseSegment(text);
    } catch (error) {
      expect((error as OverrideError).exitCode).toBe(4);
      expect((error as OverrideError).hint).toContain("i/n");
    }
  });
});

describe("parseStartAtFlag", () => {
  it("reads an ISO instant with its zone as epoch ms", () => {
    expect(parseStartAtFlag("2026-12-01T02:00:00Z")).toBe(Date.UTC(2026, 11, 1, 2, 0, 0));
    expect(parseStartAtFlag("2026-12-01T03:00:00.250+01:00")).toBe(Date.UTC(2026, 11, 1, 2, 0, 0, 250));
  });
  it.each(["tomorrow", "1764554400000", "", "2026-13-45T99:00:00Z"])("refuses %j naming the flag", (text) => {
    expect(() => parseStartAtFlag(text)).toThrow(OverrideError);
    expect(() => parseStartAtFlag(text)).toThrow(/^--start-at: /);
  });
});
