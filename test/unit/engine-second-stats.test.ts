// A second's outcome map: HTTP statuses counted by number, errors by name (long ones lumped), the same map as when
// every message made its own key, and nothing carried into the next second.
import { describe, expect, it } from "vitest";
import { SecondStats } from "../../loadtests/engine/second-stats.ts";

describe("SecondStats.countStatus", () => {
  it("names statuses and errors in data(), and starts the next second empty", () => {
    const s = new SecondStats(100);
    for (let i = 0; i < 3; i++) s.countStatus(202, undefined);
    s.countStatus(429, "HTTP 429");
    s.countStatus(599, "HTTP 599");
    s.countStatus(100, undefined);
    s.countStatus(700, "HTTP 700");
    s.countStatus(0, "ECONNRESET");
    s.countStatus(0, "ECONNRESET");
    s.countStatus(0, `payload: ${"x".repeat(40)}`);
    s.countStatus(0, undefined);
    expect(s.data().status).toEqual({
      "100": 1,
      "202": 3,
      "429": 1,
      "599": 1,
      "700": 1,
      ECONNRESET: 2,
      error: 2,
    });
    s.reset(101);
    s.countStatus(500, "HTTP 500");
    expect(s.data().status).toEqual({ "500": 1 });
    s.reset(102);
    expect(s.data().status).toEqual({});
  });
});
