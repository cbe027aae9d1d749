// The run-ID and message-ID scheme: one module makes IDs and prefixes, checks run IDs, and reads a run back from an ID.
import { describe, expect, it } from "vitest";
import { UsageError } from "../../common/errors.ts";
import { isRunId, newRunId, validateRunId } from "../../common/run-id.ts";
import { belongsToRun, MessageIds, messageId, runIdOf, runPrefix, scenarioPrefix } from "../../contracts/message-id.ts";

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

  it("are the same from the engine's MessageIds as from messageId, in any order of n", () => {
    const ids = new MessageIds(scenarioPrefix(runId, "spike"));
    const edges = [0, 1, 9, 10, 9_999, 10_000, 10_001, 19_999, 20_000, 99_999_999, 100_000_000, 2 ** 31, 2 ** 53 - 1];
    // Random numbers of 1-16 digits, then sequences that cross a high part's boundary forwards and backwards.
    const random = Array.from({ length: 5_000 }, (_, i) => Math.floor(Math.random() * 10 ** ((i % 16) + 1)));
    const runs = [
      ...Array.from({ length: 30 }, (_, i) => 29_990 + i),
      ...Array.from({ length: 30 }, (_, i) => 40_010 - i),
    ];
    for (const n of [...edges, ...random, ...runs, ...edges.reverse()]) {
      expect(ids.id(n)).toBe(messageId(runId, "spike", n));
    }
    // Past Number's exact integers it still writes what the template would.
    expect(ids.id(2 ** 53 + 2)).toBe(messageId(runId, "spike", 2 ** 53 + 2));
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
