// The public control endpoint merges what each app process knows: harmed IDs unioned, counters summed.
import { describe, expect, it } from "vitest";
import { localTargetSchema } from "../../config/schema-target.ts";
import { type ControlSnapshot, mergeSnapshots } from "../../local/app/control-server.ts";
import { bugModes, defaultFaults, noBugs } from "../../local/controls.ts";

/** Every bug mode with no IDs (the list grows with the bug modes). */
const noneHarmed = Object.fromEntries(bugModes.map((mode) => [mode, []])) as unknown as ControlSnapshot["harmed"];

function snapshot(harmed: Partial<ControlSnapshot["harmed"]>, stats: Record<string, number>): ControlSnapshot {
  return {
    faults: defaultFaults(localTargetSchema.parse({ kind: "local" })),
    bugs: noBugs(),
    harmed: { ...noneHarmed, ...harmed },
    stats,
  };
}

describe("mergeSnapshots", () => {
  it("keeps its own controls, unions harmed IDs and sums counters", () => {
    const own = snapshot({ silentDrop: ["b"] }, { "AWS/ApiGateway:Count": 5, "AWS/Lambda:Invocations": 1 });
    const lambda = snapshot({ silentDrop: ["a", "b"], doubleWrite: ["c"] }, { "AWS/Lambda:Invocations": 2 });
    expect(mergeSnapshots(own, [lambda])).toEqual({
      ...own,
      harmed: { ...noneHarmed, silentDrop: ["a", "b"], ackBeforeWrite: [], doubleWrite: ["c"] },
      stats: { "AWS/ApiGateway:Count": 5, "AWS/Lambda:Invocations": 3 },
    });
  });

  it("is the process's own snapshot when it has no peers", () => {
    const own = snapshot({}, { x: 1 });
    expect(mergeSnapshots(own, [])).toEqual(own);
  });
});
