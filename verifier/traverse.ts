// Walks every ID any source knows, in prefix then numeric order, joining the four sources' compact tables by slot.

import { classify } from "./classify.ts";
import type { DlqEvidence, InFlightEvidence, LedgerEvidence, SinkEvidence } from "./evidence.ts";
import { type IdTable, type PrefixColumn, pageSize } from "./id-table.ts";

export interface Evidence {
  ledger: LedgerEvidence;
  sink: SinkEvidence;
  dlq: DlqEvidence;
  inFlight: InFlightEvidence;
}

/**
 * Calls visit(cls, ledgerByte, sendSecond, prefix, n) for each ID; for IDs outside the `<prefix>-<n>` scheme prefix is
 * the whole ID and n is -1. Only IDs under runPrefix count (`<runId>-`): others are another run's.
 */
export type Visit = (cls: number, ledger: number, second: number, prefix: string, n: number) => void;

export function traverse(ev: Evidence, runPrefix: string, visit: Visit): void {
  const tables = [ev.ledger.ids, ev.sink.ids, ev.dlq.ids, ev.inFlight.ids] as const;
  const prefixes = new Set<string>();
  for (const t of tables) for (const p of t.columns.keys()) if (p.startsWith(runPrefix)) prefixes.add(p);
  for (const prefix of [...prefixes].sort()) {
    const [l, s, d, f] = tables.map((t) => t.columns.get(prefix)) as [
      PrefixColumn | undefined,
      PrefixColumn | undefined,
      PrefixColumn | undefined,
      PrefixColumn | undefined,
    ];
    const pages = Math.max(l?.bytes.length ?? 0, s?.bytes.length ?? 0, d?.bytes.length ?? 0, f?.bytes.length ?? 0);
    for (let p = 0; p < pages; p++) {
      const lp = l?.bytes[p];
      const lw = l?.words?.[p];
      const sp = s?.bytes[p];
      const dp = d?.bytes[p];
      const fp = f?.bytes[p];
      if (lp === undefined && sp === undefined && dp === undefined && fp === undefined) continue;
      const base = p * pageSize;
      for (let i = 0; i < pageSize; i++) {
        const lb = lp === undefined ? 0 : (lp[i] as number);
        const sb = sp === undefined ? 0 : (sp[i] as number);
        const db = dp === undefined ? 0 : (dp[i] as number);
        const fb = fp === undefined ? 0 : (fp[i] as number);
        if ((lb | sb | db | fb) === 0) continue;
        visit(classify(lb, sb, db, fb), lb, lw === undefined ? 0 : (lw[i] as number), prefix, base + i);
      }
    }
  }
  const others = new Set<string>();
  for (const t of tables) for (const id of t.others.keys()) if (id.startsWith(runPrefix)) others.add(id);
  for (const id of [...others].sort()) {
    const lb = otherByte(ev.ledger.ids, id);
    const cls = classify(lb, otherByte(ev.sink.ids, id), otherByte(ev.dlq.ids, id), otherByte(ev.inFlight.ids, id));
    if (cls >= 0) visit(cls, lb, ev.ledger.ids.others.get(id)?.word ?? 0, id, -1);
  }
}

function otherByte(t: IdTable, id: string): number {
  return t.others.get(id)?.byte ?? 0;
}

export function idAt(prefix: string, n: number): string {
  return n < 0 ? prefix : `${prefix}-${n}`;
}
