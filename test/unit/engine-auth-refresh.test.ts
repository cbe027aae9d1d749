// The background refresh of a token or credentials: refreshed at 80 % of the lifetime, the old one kept until the new
// one arrives, a failed refresh retried with backoff while the old one lasts, nothing after expiry.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Refresher } from "../../loadtests/engine/auth/refresh.ts";
import { fetchHeaderLines } from "../../loadtests/engine/auth/token.ts";

describe("Refresher", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("refreshes at 80 % of a 5 s lifetime and keeps the old value until the new one arrives", async () => {
    let n = 0;
    const calls: number[] = [];
    const refresher = new Refresher(
      async () => {
        calls.push(Date.now());
        n++;
        // The second fetch takes 500 ms to answer.
        if (n === 2) await new Promise((r) => setTimeout(r, 500));
        return { value: `t${n}`, expiresAt: Date.now() + 5_000 };
      },
      () => {},
    );
    await refresher.start(1_000);
    expect(refresher.current).toBe("t1");
    await vi.advanceTimersByTimeAsync(4_000);
    expect(calls).toEqual([1_000_000, 1_004_000]);
    expect(refresher.current).toBe("t1");
    await vi.advanceTimersByTimeAsync(500);
    expect(refresher.current).toBe("t2");
    refresher.close();
  });

  it("retries a failed refresh with backoff, sends with the old value until it expires, then with none", async () => {
    let n = 0;
    const refresher = new Refresher(
      async () => {
        n++;
        if (n > 1) throw new Error("token endpoint answered 401: Bearer eyJhbGciOi.eyJzdWIiOi.c2ln");
        return { value: "t1", expiresAt: Date.now() + 5_000 };
      },
      () => {},
      { backoffMs: 100, maxBackoffMs: 400 },
    );
    await refresher.start(1_000);
    await vi.advanceTimersByTimeAsync(4_000 + 100 + 200 + 400);
    // Fetches at 0, then 4000 (80 %), 4100, 4300 and 4700 (backoff 100, 200, 400).
    expect(n).toBe(5);
    expect(refresher.current).toBe("t1");
    expect(refresher.problem).toBe("token endpoint answered 401: Bearer [redacted]");
    await vi.advanceTimersByTimeAsync(300);
    expect(refresher.current).toBeUndefined();
    refresher.close();
  });

  it("a first fetch that fails leaves no value and goes on retrying", async () => {
    let n = 0;
    const refresher = new Refresher(
      async () => {
        n++;
        if (n === 1) throw new Error("down");
        return { value: "late", expiresAt: Number.POSITIVE_INFINITY };
      },
      () => {},
      { backoffMs: 100 },
    );
    await refresher.start(1_000);
    expect(refresher.current).toBeUndefined();
    expect(refresher.problem).toBe("down");
    await vi.advanceTimersByTimeAsync(100);
    expect(refresher.current).toBe("late");
    expect(refresher.problem).toBeUndefined();
    refresher.close();
  });
});

describe("fetchHeaderLines", () => {
  it("turns a token module's result into header lines and its expiry", async () => {
    const at = new Date(1_795_000_000_000);
    expect(await fetchHeaderLines(() => ({ headers: { authorization: "Bearer abc" }, expiresAt: at }), "m")).toEqual({
      value: "authorization: Bearer abc\r\n",
      expiresAt: 1_795_000_000_000,
    });
  });

  it.each([
    [() => Promise.reject(new Error("boom")), "m threw: boom"],
    [() => ({}), "m returned no headers object ({ headers, expiresAt })"],
    [() => ({ headers: { "x-a": "1\r\nx-b: 2" } }), "m: the header x-a holds a line break"],
    [() => ({ headers: { host: "evil" } }), "m: the header host is the engine's own"],
    [() => ({ headers: { a: "1" }, expiresAt: "soon" }), "m: expiresAt must be epoch milliseconds or a Date"],
  ])("refuses a bad result: %s", async (fn, message) => {
    await expect(fetchHeaderLines(fn as never, "m")).rejects.toThrow(message);
  });
});
