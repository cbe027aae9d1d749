// Writes verify.json and one ID list per class (ids/<class>.txt) into the run directory; stale lists are removed.
import { rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { writeStreamAtomic } from "../common/atomic-write.ts";
import { makeDirs } from "../common/make-dirs.ts";
import { writeDecimal } from "../common/write-decimal.ts";
import type { RunPaths } from "../contracts/run-dir.ts";
import { type MessageClass, messageClasses, type Verdict } from "../contracts/verdict.ts";
import type { Reconciliation } from "./reconcile.ts";
import { idAt } from "./traverse.ts";

const flushAt = 1 << 20;

/** Where one verification's files go: the run's verify.json and ids/, or a history folder's. */
export type VerdictPlace = Pick<RunPaths, "verify" | "idListsDir">;

export function writeVerdict(run: VerdictPlace, reconciliation: Reconciliation): Verdict {
  const { verdict } = reconciliation;
  makeDirs(run.idListsDir);
  for (const cls of messageClasses) {
    const file = join(run.idListsDir, `${cls}.txt`);
    // A re-verification must not leave the previous run's list beside a count of 0.
    if (verdict.classes[cls].count === 0) {
      rmSync(file, { force: true });
      continue;
    }
    writeStreamAtomic(file, (fd) => writeIdList(fd, reconciliation, cls));
  }
  writeStreamAtomic(run.verify, (fd) => writeSync(fd, `${JSON.stringify(verdict, null, 2)}\n`));
  return verdict;
}

/**
 * Bytes, not strings: a 10M-ID list is 400 MB, and building each ID as a string first doubles the cost. The prefix is
 * encoded once per prefix, the number written digit by digit.
 */
function writeIdList(fd: number, reconciliation: Reconciliation, cls: MessageClass): void {
  const buffer = Buffer.allocUnsafe(flushAt + 4096);
  let used = 0;
  let lastPrefix: string | undefined;
  let prefixBytes = Buffer.alloc(0);
  reconciliation.eachIdPart(cls, (prefix, n) => {
    if (used > flushAt) {
      writeSync(fd, buffer, 0, used);
      used = 0;
    }
    if (n < 0 || prefix.length > 2048) {
      const id = Buffer.from(`${idAt(prefix, n)}\n`);
      if (used + id.length > buffer.length) {
        writeSync(fd, buffer, 0, used);
        used = 0;
        writeSync(fd, id);
        return;
      }
      used += id.copy(buffer, used);
      return;
    }
    if (prefix !== lastPrefix) {
      lastPrefix = prefix;
      prefixBytes = Buffer.from(`${prefix}-`);
    }
    used += prefixBytes.copy(buffer, used);
    used = writeDecimal(buffer, used, n);
    buffer[used++] = 0x0a;
  });
  if (used > 0) writeSync(fd, buffer, 0, used);
}
