// The token bucket behind API Gateway stage throttling and the PutEvents quota.
import { describe, expect, it } from "vitest";
import { TokenBucket } from "../../local/app/token-bucket.ts";

function clock() {
  let t = 0;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

const takeAll = (bucket: TokenBucket, tries: number) =>
  Array.from({ length: tries }, () => bucket.take()).filter(Boolean).length;

describe("TokenBucket", () => {
  it("allows the burst at once, then nothing until tokens accrue", () => {
    const c = clock();
    const bucket = new TokenBucket(10, 5, c.now);
    expect(takeAll(bucket, 20)).toBe(5);
    c.advance(100);
    expect(takeAll(bucket, 20)).toBe(1);
  });

  it("never accepts more than rate x time + burst", () => {
    const c = clock();
    const bucket = new TokenBucket(100, 20, c.now);
    let accepted = 0;
    for (let ms = 0; ms < 3_000; ms += 7) {
      accepted += takeAll(bucket, 3);
      c.advance(7);
    }
    expect(accepted).toBeLessThanOrEqual(100 * 3 + 20);
    expect(accepted).toBeGreaterThanOrEqual(100 * 3);
  });

  it("caps the stored tokens at the burst and applies a new limit at once", () => {
    const c = clock();
    const bucket = new TokenBucket(10, 5, c.now);
    c.advance(60_000);
    expect(takeAll(bucket, 100)).toBe(5);
    bucket.configure(1000, 50);
    c.advance(1_000);
    expect(takeAll(bucket, 100)).toBe(50);
  });
});
