// Per-key mutual exclusion for the change capture: the item read before a write, the write and the read after it run
// with no other captured write to the same key in between, so each record's images are exactly that write's.

export class KeyLock {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs fn holding every key (taken in sorted order, so two multi-key writes cannot wait on each other). */
  async with<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const releases: Array<() => void> = [];
    for (const key of sorted) {
      const previous = this.tails.get(key) ?? Promise.resolve();
      let release = () => {};
      const mine = new Promise<void>((resolve) => {
        release = resolve;
      });
      const tail = previous.then(() => mine);
      this.tails.set(key, tail);
      releases.push(() => {
        release();
        if (this.tails.get(key) === tail) this.tails.delete(key);
      });
      await previous;
    }
    try {
      return await fn();
    } finally {
      for (const release of releases) release();
    }
  }

  get held(): number {
    return this.tails.size;
  }
}
