// Live events: every listener hears each event in order; one that throws is dropped and the run goes on.
import { describe, expect, it } from "vitest";
import { type LiveEvent, LiveEvents } from "../../runner/live-events.ts";

describe("LiveEvents", () => {
  it("delivers each event to every listener in order until it is removed", () => {
    const live = new LiveEvents();
    const a: string[] = [];
    const b: string[] = [];
    const offA = live.on((e) => a.push(e.kind));
    live.on((e) => b.push(e.kind));
    live.emit({ kind: "load-start", startedAt: 1, totalMs: 2 });
    offA();
    live.emit({ kind: "load-end", endedAt: 3 });
    expect(a).toEqual(["load-start"]);
    expect(b).toEqual(["load-start", "load-end"]);
  });

  it("drops a listener that throws, records why, and still tells the others", () => {
    const live = new LiveEvents();
    const heard: LiveEvent[] = [];
    let calls = 0;
    live.on(() => {
      calls++;
      throw new Error("collector gone");
    });
    live.on((e) => heard.push(e));
    live.emit({ kind: "load-start", startedAt: 1, totalMs: 2 });
    live.emit({ kind: "load-end", endedAt: 3 });
    expect(calls).toBe(1);
    expect(heard.map((e) => e.kind)).toEqual(["load-start", "load-end"]);
    expect(live.failures).toEqual(["collector gone"]);
  });
});
