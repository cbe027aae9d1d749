// One ledger line decoded and checked (the slow path, for readers other than the verifier's byte decoder).
import { z } from "zod";
import type { LedgerClose, LedgerRecord } from "./record.ts";

/** The ledger's format version; files carry no header (DESIGN.md's record shape is version 1). */
export const ledgerSchemaVersion = 1;

export const ledgerRecordSchema = z.object({
  id: z.string().min(1),
  ts: z.number(),
  dur: z.number(),
  ch: z.enum(["http", "events", "sqs", "sfn", "lambda"]),
  st: z.number(),
  o: z.enum(["acc", "rej", "unk"]),
  err: z.string().optional(),
});

export const ledgerCloseSchema = z.object({
  end: z.literal(true),
  worker: z.string(),
  count: z.number().int().min(0),
  acc: z.number().int().min(0),
  rej: z.number().int().min(0),
  unk: z.number().int().min(0),
});

export type LedgerLine = { kind: "record"; record: LedgerRecord } | { kind: "close"; close: LedgerClose };

/** A record or the closing record; null for a line that is neither (a torn last line after a crash). */
export function decodeLedgerLine(line: string): LedgerLine | null {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  const close = ledgerCloseSchema.safeParse(raw);
  if (close.success) return { kind: "close", close: close.data };
  const record = ledgerRecordSchema.safeParse(raw);
  return record.success ? { kind: "record", record: record.data as LedgerRecord } : null;
}
