// writeDecimal against String(n): the edges of each path (one digit, the 32-bit limit, eight low digits with leading
// zeros, epoch milliseconds, the largest safe integer) and a sweep of random integers of every length.
import { describe, expect, it } from "vitest";
import { writeDecimal } from "../../common/write-decimal.ts";

function written(n: number): string {
  const buffer = Buffer.alloc(40, "#");
  const end = writeDecimal(buffer, 3, n);
  expect(buffer.subarray(0, 3).toString("latin1"), "bytes before it untouched").toBe("###");
  expect(buffer[end], "bytes after it untouched").toBe(0x23);
  return buffer.subarray(3, end).toString("latin1");
}

describe("writeDecimal", () => {
  it("writes the edges of each path as String does", () => {
    const edges = [
      0,
      1,
      9,
      10,
      11,
      99,
      100,
      999_999_999,
      1_000_000_000,
      2 ** 31 - 1,
      2 ** 31,
      2 ** 32,
      3_000_000_000,
      99_999_999,
      100_000_000,
      100_000_001,
      10_000_000_000_000,
      1_764_554_400_123,
      1_000_000_000_000_005,
      Number.MAX_SAFE_INTEGER,
    ];
    for (const n of edges) expect(written(n), String(n)).toBe(String(n));
  });

  it("writes random integers of every length from 1 to 16 digits", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let digits = 1; digits <= 16; digits++)
      for (let i = 0; i < 500; i++) {
        const n = Math.min(Number.MAX_SAFE_INTEGER, Math.floor(random() * 10 ** digits));
        expect(written(n)).toBe(String(n));
      }
  });
});
