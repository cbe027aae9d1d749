// The ledger decoder (contracts/ledger/decoder.ts) feeding the verifier's ledger evidence, one column per ID prefix.
import { LedgerDecoder, type LedgerRecordSink } from "../../contracts/ledger/decoder.ts";
import type { OutcomeCodeValue } from "../../contracts/ledger/outcome-code.ts";
import { addLedgerRecord, addLedgerSlot, type LedgerEvidence } from "../evidence.ts";
import type { PrefixColumn } from "../id-table.ts";

export { fileProblems, type LedgerFileReport } from "../../contracts/ledger/decoder.ts";

class EvidenceSink implements LedgerRecordSink {
  private readonly ev: LedgerEvidence;
  private column: PrefixColumn | undefined;

  constructor(ev: LedgerEvidence) {
    this.ev = ev;
  }

  enterPrefix(prefix: string): void {
    this.column = this.ev.ids.column(prefix);
  }

  numbered(n: number, outcome: OutcomeCodeValue, tsMs: number): void {
    addLedgerSlot(this.ev, this.column as PrefixColumn, n, outcome, tsMs);
  }

  record(id: string, outcome: OutcomeCodeValue, tsMs: number): void {
    addLedgerRecord(this.ev, id, outcome, tsMs);
  }
}

/** One ledger file's bytes into the evidence. */
export class LedgerFileParser extends LedgerDecoder {
  constructor(file: string, ev: LedgerEvidence) {
    super(file, new EvidenceSink(ev));
  }
}
