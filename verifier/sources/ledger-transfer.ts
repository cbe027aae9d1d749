// Merges ledger tables parsed on other threads into one: the first outcome of an ID stays, a repeat is flagged.
import type { LedgerEvidence } from "../evidence.ts";
import { ledgerRepeatBit } from "../evidence.ts";
import { type IdTable, pageSize } from "../id-table.ts";
import type { TableTransfer } from "./table-transfer.ts";

/**
 * Merges another thread's ledger table into ev: pages the target lacks are adopted as they are; where both know an
 * ID (one ID in two files) the first outcome stays and the ID is flagged as repeated, as a single reader would.
 */
export function mergeLedgerTable(ev: LedgerEvidence, from: TableTransfer): void {
  for (const src of from.columns) {
    const col = ev.ids.column(src.prefix);
    const words = col.words as Array<Uint32Array | undefined>;
    src.bytes.forEach((page, p) => {
      if (page === null) return;
      const wordPage = src.words[p] ?? new Uint32Array(pageSize);
      const mine = col.bytes[p];
      if (mine === undefined) {
        col.bytes[p] = page;
        words[p] = wordPage;
        return;
      }
      let myWords = words[p];
      if (myWords === undefined) {
        myWords = new Uint32Array(pageSize);
        words[p] = myWords;
      }
      for (let i = 0; i < pageSize; i++) {
        const b = page[i] as number;
        if (b === 0) continue;
        const m = mine[i] as number;
        if (m === 0) {
          mine[i] = b;
          myWords[i] = wordPage[i] as number;
        } else {
          mine[i] = m | ledgerRepeatBit;
        }
      }
    });
  }
  for (const [id, byte, word] of from.others) {
    const before = ev.ids.claim(id, byte, word);
    if (before !== 0) ev.ids.orByte(id, ledgerRepeatBit);
  }
}

/** IDs flagged as repeated, counted once each (after merging, a flag may come from either side). */
export function countRepeated(table: IdTable): number {
  let repeated = 0;
  for (const col of table.columns.values()) {
    for (const page of col.bytes) {
      if (page === undefined) continue;
      for (let i = 0; i < pageSize; i++) if (((page[i] as number) & ledgerRepeatBit) !== 0) repeated++;
    }
  }
  for (const o of table.others.values()) if ((o.byte & ledgerRepeatBit) !== 0) repeated++;
  return repeated;
}
