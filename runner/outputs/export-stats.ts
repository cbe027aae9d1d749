// How many intervals an output got out, and why the others were lost: counted as they go, said once at the end.
import type { OutputExport } from "../../contracts/outputs.ts";

/** Most distinct reasons kept: a collector failing in a new way each second must not grow the list without end. */
const maxReasons = 5;

export class ExportStats {
  intervals = 0;
  exported = 0;
  private readonly reasons = new Map<string, number>();

  private readonly type: OutputExport["type"];
  private readonly where: string;

  constructor(type: OutputExport["type"], where: string) {
    this.type = type;
    this.where = where;
  }

  drop(reason: string, count = 1): void {
    if (count <= 0) return;
    const key = this.reasons.has(reason) || this.reasons.size < maxReasons ? reason : "other reasons";
    this.reasons.set(key, (this.reasons.get(key) ?? 0) + count);
  }

  get dropped(): number {
    let n = 0;
    for (const c of this.reasons.values()) n += c;
    return n;
  }

  result(): OutputExport {
    return {
      type: this.type,
      where: this.where,
      intervals: this.intervals,
      exported: this.exported,
      dropped: this.dropped,
      reasons: [...this.reasons].map(([reason, count]) => ({ reason, count })),
    };
  }
}
