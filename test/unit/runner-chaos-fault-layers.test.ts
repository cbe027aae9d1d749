// Overlapping local chaos windows on one fault: the fault ends where it began, whatever order the windows close in.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { FaultLayers } from "../../runner/chaos/fault-layers.ts";

const control = vi.hoisted(() => ({ faults: {} as Record<string, number | string | boolean>, sets: [] as unknown[] }));
vi.mock("../../local/index.ts", () => ({
  readControl: async () => ({ faults: { ...control.faults } }),
  setFaults: async (_url: string, values: Record<string, number | string | boolean>) => {
    control.sets.push(values);
    Object.assign(control.faults, values);
  },
}));
const { localDriver } = await import("../../runner/chaos/local-driver.ts");

const step = (params: Record<string, number>) => ({ action: "fault", params, atMs: 0, durationMs: 1_000 });

describe("FaultLayers", () => {
  it("restores the value from before the first window when the last closes, first-opened closing first", () => {
    const layers = new FaultLayers();
    const a = layers.push({ consumerErrorRate: 1 }, { consumerErrorRate: 0 });
    const b = layers.push({ consumerErrorRate: 0.5 }, { consumerErrorRate: 1 });
    expect(layers.pop(a)).toEqual({ consumerErrorRate: 0.5 });
    expect(layers.pop(b)).toEqual({ consumerErrorRate: 0 });
  });

  it("restores in nested order too, and leaves faults a closing window did not touch alone", () => {
    const layers = new FaultLayers();
    const a = layers.push({ consumerErrorRate: 1, latencyMs: 200 }, { consumerErrorRate: 0, latencyMs: 0 });
    const b = layers.push({ consumerErrorRate: 0.5 }, { consumerErrorRate: 1, latencyMs: 200 });
    expect(layers.pop(b)).toEqual({ consumerErrorRate: 1 });
    expect(layers.pop(a)).toEqual({ consumerErrorRate: 0, latencyMs: 0 });
    expect(layers.pop(a)).toEqual({});
  });
});

describe("localDriver with overlapping windows", () => {
  beforeEach(() => {
    control.faults = { consumerErrorRate: 0 };
    control.sets = [];
  });

  it("leaves the fault off after two overlapping windows, whichever closes first", async () => {
    const driver = localDriver("http://127.0.0.1:1");
    const undoA = await driver.start(step({ consumerErrorRate: 1 }) as never);
    const undoB = await driver.start(step({ consumerErrorRate: 1 }) as never);
    await undoA();
    expect(control.faults.consumerErrorRate).toBe(1);
    await undoB();
    expect(control.faults.consumerErrorRate).toBe(0);
  });

  it("orders a start and an undo issued together", async () => {
    const driver = localDriver("http://127.0.0.1:1");
    const undoA = await driver.start(step({ consumerErrorRate: 1 }) as never);
    const [undoB] = await Promise.all([driver.start(step({ consumerErrorRate: 0.25 }) as never), undoA()]);
    expect(control.faults.consumerErrorRate).toBe(0.25);
    await undoB();
    expect(control.faults.consumerErrorRate).toBe(0);
  });
});
