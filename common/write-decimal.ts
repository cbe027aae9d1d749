// Decimal digits written straight into a byte buffer: the hot writers (the engine's ledger, the verifier's ID lists)
// build no string per number.

/** Writes a non-negative integer's decimal digits at `at`; returns the position after them. */
export function writeDecimal(buffer: Uint8Array, at: number, n: number): number {
  if (n < 10) {
    buffer[at] = 0x30 + n;
    return at + 1;
  }
  let digits = 0;
  for (let v = n; v > 0; v = Math.floor(v / 10)) digits++;
  for (let i = at + digits - 1, v = n; i >= at; i--, v = Math.floor(v / 10)) buffer[i] = 0x30 + (v % 10);
  return at + digits;
}
