// The shard's in-flight registry against a Set as the oracle: the same members after any sequence of adds and
// removes, a repeated remove changing nothing, and slots reused without the array shrinking or growing past its peak.
import { describe, expect, it } from "vitest";
import { InFlight } from "../../loadtests/engine/in-flight.ts";
import { Message } from "../../loadtests/engine/message.ts";

const message = (n: number) => new Message(n, `run-s-${n}`, "http", n, n, -1);
const ids = (ms: Message[]) => ms.map((m) => m.n).sort((a, b) => a - b);

describe("InFlight", () => {
  it("holds what a Set would after 20,000 random adds and removes", () => {
    const registry = new InFlight();
    const oracle = new Set<Message>();
    // A small deterministic generator, so a failure reproduces.
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let next = 0;
    for (let step = 0; step < 20_000; step++) {
      const members = [...oracle];
      if (members.length === 0 || random() < 0.55) {
        const m = message(next++);
        registry.add(m);
        oracle.add(m);
      } else {
        const m = members[Math.floor(random() * members.length)] as Message;
        registry.delete(m);
        oracle.delete(m);
        // Removed twice (a message settles once, but the registry must not trust that).
        if (random() < 0.1) registry.delete(m);
      }
      expect(registry.size).toBe(oracle.size);
    }
    expect(ids(registry.list())).toEqual(ids([...oracle]));
  });

  it("ignores a message it never held, and one held by another registry", () => {
    const a = new InFlight();
    const b = new InFlight();
    const [x, y] = [message(1), message(2)];
    a.add(x);
    b.add(y);
    a.delete(y);
    a.delete(message(3));
    expect(ids(a.list())).toEqual([1]);
    expect(ids(b.list())).toEqual([2]);
  });

  it("gives a snapshot that settling may empty the registry under", () => {
    const registry = new InFlight();
    for (let n = 0; n < 5; n++) registry.add(message(n));
    const snapshot = registry.list();
    for (const m of snapshot) registry.delete(m);
    expect(snapshot.map((m) => m.n)).toEqual([0, 1, 2, 3, 4]);
    expect(registry.size).toBe(0);
    expect(registry.list()).toEqual([]);
  });
});
