// The verdict gate beside the counted gates (issue 16 items 3 and 4): known loss may be allowed, unknown stays unknown.
import { describe, expect, it } from "vitest";
import { gatesFor } from "../../config/gates-for.ts";
import { type GatesInput, gatesSchema } from "../../config/schema-gates.ts";
import { validateConfig } from "../../config/validate.ts";
import type { Valid, Verdict } from "../../contracts/verdict.ts";
import { judgeGates } from "../../reports/gates.ts";
import { exitCodeFor } from "../../reports/result.ts";
import { plan } from "../../runner/plan.ts";

interface Facts {
  valid: Valid;
  reasons: string[];
  lost?: number;
  unexpected?: number;
  unknown?: number;
}

function verdict({ valid, reasons, lost = 0, unexpected = 0, unknown = 0 }: Facts): Verdict {
  const c = (n = 0) => ({ count: n, sample: [] });
  const ledger = 1000;
  return {
    schemaVersion: 1,
    runId: "r",
    verifiedAt: "2027-01-15T08:00:00.000Z",
    valid,
    reasons,
    totals: { ledger, accepted: ledger - unknown, rejected: 0, unknown, sinkItems: 0, dlqMessages: 0 },
    classes: {
      delivered: c(ledger - unknown - lost),
      duplicated: c(),
      deadLettered: c(),
      lost: c(lost),
      inFlight: c(),
      rejected: c(),
      rejectedButDelivered: c(),
      unknownDelivered: c(),
      unknownNotDelivered: c(unknown),
      unexpected: c(unexpected),
    },
    e2eLatency: null,
    bySecond: {},
    sources: { ledger: { files: 1, complete: true, problems: [] }, sinks: [], dlqs: [] },
    drain: null,
  };
}

function judged(facts: Facts, input: GatesInput = {}) {
  const gates = judgeGates({ gates: gatesSchema.parse(input), verdict: verdict(facts), load: null, drain: null });
  return {
    statuses: Object.fromEntries(gates.filter((g) => g.kind !== "threshold").map((g) => [g.name, g.status])),
    exit: exitCodeFor({ gates: gates.filter((g) => g.kind !== "threshold") }),
  };
}

const lostReason = "50 accepted message(s) found in no sink, DLQ or queue: lost";

describe("the verdict gate leaves what a counted gate judges to it", () => {
  it("accepts known loss when maxLost allows it: valid stays false, the exit code follows the gates", () => {
    const result = judged({ valid: false, reasons: [lostReason], lost: 50 }, { maxLost: 100 });
    expect(result).toEqual({
      statuses: { verdict: "pass", maxLost: "pass", maxUnexpected: "pass", maxUnknownShare: "pass" },
      exit: 0,
    });
  });

  it("fails the same loss on the default maxLost of 0", () => {
    expect(judged({ valid: false, reasons: [lostReason], lost: 50 })).toEqual({
      statuses: { verdict: "pass", maxLost: "fail", maxUnexpected: "pass", maxUnknownShare: "pass" },
      exit: 1,
    });
  });

  it.each<[string, GatesInput, "pass" | "fail", number]>([
    ["the default maxUnexpected of 0 fails them", {}, "fail", 1],
    ["maxUnexpected: 5 allows them", { maxUnexpected: 5 }, "pass", 0],
  ])("unexpected items: %s", (_name, input, status, exit) => {
    const reasons = ["3 message(s) of this run in a sink, DLQ or queue that the ledger never sent: unexpected"];
    expect(judged({ valid: false, reasons, unexpected: 3 }, input)).toEqual({
      statuses: { verdict: "pass", maxLost: "pass", maxUnexpected: status, maxUnknownShare: "pass" },
      exit,
    });
  });

  it("fails valid false for a reason no gate counts, however much loss is allowed", () => {
    const reasons = [lostReason, "ledger: 3 ID(s) recorded more than once"];
    expect(judged({ valid: false, reasons, lost: 50 }, { maxLost: 100 })).toEqual({
      statuses: { verdict: "fail", maxLost: "pass", maxUnexpected: "pass", maxUnknownShare: "pass" },
      exit: 1,
    });
  });

  it("keeps valid unknown unknown: a loss that may not be one is not a failure, and allowing it proves nothing", () => {
    const reasons = [
      "500 accepted message(s) found in no sink, DLQ or queue, but not every source was read in full, so they may not be lost",
      "sink orders was not read in full: throttled",
    ];
    expect(judged({ valid: "unknown", reasons, lost: 500 })).toEqual({
      statuses: { verdict: "unknown", maxLost: "unknown", maxUnexpected: "pass", maxUnknownShare: "pass" },
      exit: 2,
    });
    expect(judged({ valid: "unknown", reasons, lost: 500 }, { maxLost: 1000 }).exit).toBe(2);
  });

  it("turns unexpected items of an incomplete ledger into unknown, not a failure", () => {
    const reasons = [
      "400 message(s) of this run in a sink, DLQ or queue that the ledger never sent, but the ledger is incomplete, so they may be in its missing part",
      "ledger: no ledger file found",
    ];
    expect(judged({ valid: "unknown", reasons, unexpected: 400 })).toEqual({
      statuses: { verdict: "unknown", maxLost: "pass", maxUnexpected: "unknown", maxUnknownShare: "pass" },
      exit: 2,
    });
  });
});

describe("maxUnknownShare by default", () => {
  it("fails a run whose outcomes are mostly unknown though its accounting is valid", () => {
    expect(judged({ valid: true, reasons: [], unknown: 519 })).toEqual({
      statuses: { verdict: "pass", maxLost: "pass", maxUnexpected: "pass", maxUnknownShare: "fail" },
      exit: 1,
    });
  });

  it("passes a tenth unknown, and a user may raise the bound or turn it off with 1", () => {
    expect(judged({ valid: true, reasons: [], unknown: 100 }).exit).toBe(0);
    expect(judged({ valid: true, reasons: [], unknown: 519 }, { maxUnknownShare: 0.6 }).exit).toBe(0);
    expect(judged({ valid: true, reasons: [], unknown: 1000 }, { maxUnknownShare: 1 }).exit).toBe(0);
  });
});

describe("gates per target", () => {
  const config = validateConfig({
    targets: {
      local: { kind: "local", gates: { maxLost: 10, maxDrain: "30s", e2eLatencyMs: { "p(50)": 100 } } },
      other: { kind: "local" },
    },
    gates: { maxDuplicated: 0, maxUnknownShare: 0.2, e2eLatencyMs: { "p(99)": 2000 } },
  });

  it("merges a target's gates over the top-level ones, key by key and percentile by percentile", () => {
    expect(gatesFor(config, "local")).toEqual({
      maxLost: 10,
      maxUnexpected: 0,
      maxDuplicated: 0,
      maxUnknownShare: 0.2,
      maxDrain: 30_000,
      e2eLatencyMs: { "p(99)": 2000, "p(50)": 100 },
      thresholds: true,
    });
    expect(gatesFor(config, "other")).toEqual(config.gates);
  });

  it("puts the merged gates in the plan (what plan.json records and the report judges)", () => {
    expect(plan(config, { target: "local", scenario: "smoke" }).gates.maxLost).toBe(10);
    expect(plan(config, { target: "other", scenario: "smoke" }).gates.maxLost).toBe(0);
  });

  it("refuses an unknown gate under a target, with its path", () => {
    expect(() => validateConfig({ targets: { local: { kind: "local", gates: { maxLose: 1 } } } })).toThrow(
      /targets\.local\.gates\.maxLose: is not a known key/,
    );
  });
});

describe("an older plan.json without maxUnexpected", () => {
  it("leaves unexpected items to the verdict gate, which fails them", () => {
    const gates = gatesSchema.parse({});
    const { maxUnexpected: _gone, ...older } = gates;
    const reasons = ["3 message(s) of this run in a sink, DLQ or queue that the ledger never sent: unexpected"];
    const judged = judgeGates({
      gates: older,
      verdict: verdict({ valid: false, reasons, unexpected: 3 }),
      load: null,
      drain: null,
    });
    expect(judged.map((g) => [g.name, g.status])).toEqual([
      ["verdict", "fail"],
      ["maxLost", "pass"],
      ["maxUnknownShare", "pass"],
      ["thresholds", "unknown"],
    ]);
  });
});
