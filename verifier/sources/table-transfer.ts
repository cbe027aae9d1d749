// Moves a compact ID table between threads: its pages as transferable buffers (not copies), its other IDs as tuples.
import type { IdTable } from "../id-table.ts";
import { pageSize } from "../id-table.ts";

export interface TableTransfer {
  columns: Array<{ prefix: string; bytes: Array<Uint8Array | null>; words: Array<Uint32Array | null> }>;
  others: Array<[id: string, byte: number, word: number]>;
}

/** The table as plain data plus the buffers to transfer (not copy) to the other thread. */
export function tableTransfer(table: IdTable): { data: TableTransfer; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const columns = [...table.columns.values()].map((col) => ({
    prefix: col.prefix,
    bytes: col.bytes.map((p) => {
      if (p !== undefined) transfer.push(p.buffer as ArrayBuffer);
      return p ?? null;
    }),
    words: (col.words ?? []).map((p) => {
      if (p !== undefined) transfer.push(p.buffer as ArrayBuffer);
      return p ?? null;
    }),
  }));
  const others = [...table.others].map(([id, o]): [string, number, number] => [id, o.byte, o.word]);
  return { data: { columns, others }, transfer };
}

/**
 * Merges a table of counts (sink, DLQ) from another thread: counts add up, saturating at 255 as addByte does. Pages
 * the target lacks are adopted as they are.
 */
export function mergeCountTable(table: IdTable, from: TableTransfer): void {
  for (const src of from.columns) {
    const col = table.column(src.prefix);
    src.bytes.forEach((page, p) => {
      if (page === null) return;
      const mine = col.bytes[p];
      if (mine === undefined) {
        col.bytes[p] = page;
        return;
      }
      for (let i = 0; i < pageSize; i++) {
        const b = page[i] as number;
        if (b !== 0) mine[i] = Math.min(255, (mine[i] as number) + b);
      }
    });
  }
  for (const [id, byte] of from.others) table.addByte(id, byte);
}
