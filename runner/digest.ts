// SHA-256 digests for certificates: of the config, and of a run's ledger (file names and bytes, in name order).
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export function digestText(text: string | Buffer): string {
  return `sha256:${createHash("sha256").update(text).digest("hex")}`;
}

export function digestLedger(ledgerDir: string): string {
  const hash = createHash("sha256");
  if (existsSync(ledgerDir)) {
    for (const name of readdirSync(ledgerDir).sort()) {
      hash.update(`${name}\n`);
      hash.update(readFileSync(join(ledgerDir, name)));
    }
  }
  return `sha256:${hash.digest("hex")}`;
}
