// Writes verify.json and one ID list per class (ids/<class>.txt) into the run directory; stale lists are removed.
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { RunPaths } from "../contracts/run-dir.ts";
import { messageClasses, type Verdict } from "../contracts/verdict.ts";
import type { Reconciliation } from "./reconcile.ts";

const flushAt = 1 << 20;

export function writeVerdict(run: RunPaths, reconciliation: Reconciliation): Verdict {
  const { verdict } = reconciliation;
  mkdirSync(run.idListsDir, { recursive: true });
  for (const cls of messageClasses) {
    const file = join(run.idListsDir, `${cls}.txt`);
    // A re-verification must not leave the previous run's list beside a count of 0.
    if (verdict.classes[cls].count === 0) {
      rmSync(file, { force: true });
      continue;
    }
    writeAtomically(file, (fd) => {
      let buffer = "";
      reconciliation.eachId(cls, (id) => {
        buffer += `${id}\n`;
        if (buffer.length >= flushAt) {
          writeSync(fd, buffer);
          buffer = "";
        }
      });
      if (buffer.length > 0) writeSync(fd, buffer);
    });
  }
  writeAtomically(run.verify, (fd) => writeSync(fd, `${JSON.stringify(verdict, null, 2)}\n`));
  return verdict;
}

/** Readers (the report, a second verify) never see half a file. */
function writeAtomically(file: string, write: (fd: number) => void): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, "w");
  try {
    write(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}
