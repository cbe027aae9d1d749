// Decimal digits written straight into a byte buffer: the hot writers (the engine's ledger, the verifier's ID lists)
// build no string per number.
//
// Numbers up to 2^31 - 1 are divided as 32-bit integers; larger ones (epoch milliseconds, 13 digits) are cut into a
// high part and eight low digits first, so no digit is found by floating-point division (measured in
// docs/engine-performance.md, "Per-message cost": the ledger's record at about half the time).

/** Powers of ten that fit in 32 bits, for counting digits without dividing. */
const tens = [10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];

/** Writes a non-negative integer's decimal digits at `at`; returns the position after them. */
export function writeDecimal(buffer: Uint8Array, at: number, n: number): number {
  if (n < 10) {
    buffer[at] = 0x30 + n;
    return at + 1;
  }
  if (n > 0x7fff_ffff) {
    const high = Math.floor(n / 100_000_000);
    const end = writeDecimal(buffer, at, high);
    writeDigits(buffer, end, n - high * 100_000_000, 8);
    return end + 8;
  }
  let digits = 1;
  while (digits < 10 && n >= (tens[digits - 1] as number)) digits++;
  writeDigits(buffer, at, n, digits);
  return at + digits;
}

/** Writes the `digits` lowest decimal digits of a 32-bit non-negative integer at `at`, zero-padded on the left. */
function writeDigits(buffer: Uint8Array, at: number, n: number, digits: number): void {
  let v = n | 0;
  for (let i = at + digits - 1; i >= at; i--) {
    const q = (v / 10) | 0;
    buffer[i] = 0x30 + (v - q * 10);
    v = q;
  }
}
