// The ledger's contract lives in contracts/ledger/ (record, outcome codes, decoder); this keeps the old import path.
export * from "./ledger/record.ts";
