// Worker thread entry: parses a share of the ledger files and hands its compact table back without copying it.
import { parentPort, workerData } from "node:worker_threads";
import { emptyLedger } from "../evidence.ts";
import { parseLedgerFiles } from "./ledger-reader.ts";
import { tableTransfer } from "./table-transfer.ts";

const port = parentPort;
if (port === null) throw new Error("ledger-worker.ts must run in a worker thread");
const { files } = workerData as { files: string[] };
const ev = emptyLedger();
const reports = await parseLedgerFiles(files, ev);
const { data, transfer } = tableTransfer(ev.ids);
port.postMessage({ reports, table: data }, transfer);
