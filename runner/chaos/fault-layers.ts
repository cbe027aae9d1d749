// Overlapping chaos windows on the same local fault: the newest open window's value holds, and the value from before
// the first of them comes back only when the last one closes (each window restoring what it saw would leave the
// fault on when an earlier window closes first).
export type FaultValue = number | string | boolean;
export type FaultValues = Record<string, FaultValue>;

export interface FaultLayer {
  readonly params: FaultValues;
}

export class FaultLayers {
  /** Per fault some open layer sets: its value before the first of those layers opened. */
  private readonly baseline = new Map<string, FaultValue | undefined>();
  /** Open layers, oldest first. */
  private readonly open: FaultLayer[] = [];

  /** Opens a layer over the faults' current values; returns the layer (to close later) and the values to set now. */
  push(params: FaultValues, current: Readonly<Record<string, FaultValue | undefined>>): FaultLayer {
    for (const name of Object.keys(params)) if (!this.baseline.has(name)) this.baseline.set(name, current[name]);
    const layer = { params };
    this.open.push(layer);
    return layer;
  }

  /** Closes a layer; returns the values its faults take now: the newest open layer's, else the baseline's. */
  pop(layer: FaultLayer): FaultValues {
    const at = this.open.indexOf(layer);
    if (at < 0) return {};
    this.open.splice(at, 1);
    const values: FaultValues = {};
    for (const name of Object.keys(layer.params)) {
      const over = this.open.findLast((l) => Object.hasOwn(l.params, name));
      if (over !== undefined) {
        values[name] = over.params[name] as FaultValue;
        continue;
      }
      const before = this.baseline.get(name);
      this.baseline.delete(name);
      if (before !== undefined) values[name] = before;
    }
    return values;
  }
}
