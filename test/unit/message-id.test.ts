// The run-ID and message-ID scheme: one module makes IDs and prefixes, checks run IDs, and reads a run back from an ID.
import { describe, expect, it } from "vitest";
import { UsageError } from "../../common/errors.ts";
import { isRunId, newRunId, validateRunId } from "../../common/run-id.ts";
import { belongsToRun, messageId, runIdOf, runPrefix, scenarioPrefix } from "../../contracts/message-id.ts";

const runId = "20261126T154200Z-k3j9x2q1";

describe("run IDs", () => {
  it("accepts what newRunId makes and nothing else", () => {
    expect(isRunId(newRunId())).toBe(true);
    expect([isRunId(runId), isRunId("20261126T154200Z-K3J9X2Q1"), isRunId("latest"), isRunId(`${runId}-x`)]).toEqual([
      true,
      false,
      false,
      false,
    ]);
  });

  it("validates a --run-id: returns it, or throws a usage error with a hint", () => {
    expect(validateRunId(runId)).toBe(runId);
    expect(() => validateRunId("run-1")).toThrow(UsageError);
    expect(() => validateRunId("run-1")).toThrow('--run-id "run-1" is not a run ID.');
  });
});

describe("message IDs", () => {
  it("are the prefixes plus n", () => {
    expect(runPrefix(runId)).toBe(`${runId}-`);
    expect(scenarioPrefix(runId, "spike")).toBe(`${runId}-spike-`);
    expect(messageId(runId, "spike", 7)).toBe(`${scenarioPrefix(runId, "spike")}7`);
  });

  it("belong to their run only", () => {
    const other = "20261126T154201Z-k3j9x2q1";
    expect([
      belongsToRun(messageId(runId, "smoke", 0), runId),
      belongsToRun(messageId(other, "smoke", 0), runId),
    ]).toEqual([true, false]);
  });

  it("name their run at the head, or none", () => {
    expect([runIdOf(messageId(runId, "soak", 12)), runIdOf("order-12"), runIdOf(runId)]).toEqual([
      runId,
      undefined,
      undefined,
    ]);
  });
});
