// The messages a shard has in flight: an array of slots in which each message knows its own place (Message.slot), so
// adding and removing one are a store or two, with no hashing and no table that grows and shrinks with the count.
//
// It replaced a Set. A Set rehashes into a new table each time its size crosses a capacity, up and down; under load
// the count swings by thousands within a second, and each new table was one more object for the next scavenge to
// copy, beside the Set's own hashing on every send and answer (docs/engine-performance.md, "Per-message cost").
import { Message } from "./message.ts";
import { objectArray } from "./object-array.ts";

/** Fills slots that are not in use, so the array holds one kind of element all run long (object-array.ts). */
const vacant = new Message(-1, "", "http", 0, 0, -1);

export class InFlight {
  /** slots[0, count) are the messages; the rest are vacant. Never shrunk: its largest size is kept for the run. */
  private readonly slots = objectArray<Message>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(m: Message): void {
    const at = this.count++;
    m.slot = at;
    if (at < this.slots.length) this.slots[at] = m;
    else this.slots.push(m);
  }

  /** Removes a message added before; one that is not in flight (already removed) is left alone. */
  delete(m: Message): void {
    const at = m.slot;
    if (at < 0 || this.slots[at] !== m) return;
    const last = --this.count;
    const moved = this.slots[last] as Message;
    this.slots[at] = moved;
    moved.slot = at;
    this.slots[last] = vacant;
    m.slot = -1;
  }

  /** The messages in flight now, as a new array (settling them removes them from this one). */
  list(): Message[] {
    return this.slots.slice(0, this.count);
  }
}
