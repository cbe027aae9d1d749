// Walks every ID that any of several IdTables knows under a run prefix, in prefix then numeric order, with each
// table's byte for it (0 where a table does not know it): the chain's join of upstream, link and failure tables.
import { type IdTable, type PrefixColumn, pageSize } from "../id-table.ts";

/** bytes[i] is table i's byte; n is -1 for an ID outside the `<prefix>-<n>` scheme (prefix is then the whole ID). */
export type WalkVisit = (bytes: readonly number[], prefix: string, n: number) => void;

export function walkTables(tables: readonly IdTable[], runPrefix: string, visit: WalkVisit): void {
  const prefixes = new Set<string>();
  for (const t of tables) for (const p of t.columns.keys()) if (p.startsWith(runPrefix)) prefixes.add(p);
  const bytes = tables.map(() => 0);
  for (const prefix of [...prefixes].sort()) {
    const cols = tables.map((t) => t.columns.get(prefix)) as Array<PrefixColumn | undefined>;
    const pages = Math.max(...cols.map((c) => c?.bytes.length ?? 0));
    for (let p = 0; p < pages; p++) {
      const pageOf = cols.map((c) => c?.bytes[p]);
      if (pageOf.every((page) => page === undefined)) continue;
      for (let i = 0; i < pageSize; i++) {
        let any = 0;
        for (let t = 0; t < tables.length; t++) {
          const b = pageOf[t]?.[i] ?? 0;
          bytes[t] = b;
          any |= b;
        }
        if (any !== 0) visit(bytes, prefix, p * pageSize + i);
      }
    }
  }
  const others = new Set<string>();
  for (const t of tables) for (const id of t.others.keys()) if (id.startsWith(runPrefix)) others.add(id);
  for (const id of [...others].sort()) {
    for (let t = 0; t < tables.length; t++) bytes[t] = (tables[t] as IdTable).others.get(id)?.byte ?? 0;
    visit(bytes, id, -1);
  }
}
