// Run IDs sort by time and never collide: UTC timestamp, then random base32. Made here, and checked here when given.
import { randomBytes } from "node:crypto";
import { UsageError } from "./errors.ts";

const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

/** The shape newRunId makes, as a pattern source: `contracts/message-id.ts` finds it at the head of a message ID. */
export const runIdPatternSource = "\\d{8}T\\d{6}Z-[0-9a-z]{8}";
const wholeRunId = new RegExp(`^${runIdPatternSource}$`);

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

/** Whether text has the shape newRunId makes. */
export function isRunId(text: string): boolean {
  return wholeRunId.test(text);
}

/** A run ID given on the command line (segments of one plan share it) must have the shape newRunId makes. */
export function validateRunId(text: string): string {
  if (!isRunId(text)) {
    throw new UsageError(`--run-id "${text}" is not a run ID.`, {
      hint: "Run IDs look like 20261126T154200Z-k3j9x2q1; let one segment's run make it, or omit --run-id.",
    });
  }
  return text;
}
