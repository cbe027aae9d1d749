// Run IDs sort by time and never collide: UTC timestamp, then random base32.
import { randomBytes } from "node:crypto";

const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

/** e.g. `20261126T154200Z-k3j9x2q1`: sortable as text, 40 random bits. */
export function newRunId(now: Date = new Date(), random: Buffer = randomBytes(5)): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  let suffix = "";
  let bits = 0;
  let value = 0;
  for (const byte of random) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      suffix += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return `${stamp}-${suffix}`;
}

/** Message IDs per DESIGN.md: `<runId>-<scenario>-<n>`. */
export function messageId(runId: string, scenario: string, n: number): string {
  return `${runId}-${scenario}-${n}`;
}
