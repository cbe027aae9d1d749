// A function's idle worker processes are retired after the idle timeout, as Lambda reclaims environments; the next
// invocation cold-starts a new one, and a worker kept busy within the timeout stays warm.
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { WorkerPool } from "../../local/app/functions/worker-pool.ts";

const fixture = new URL("../fixtures/team-handlers/behaviours.mjs", import.meta.url).pathname;
const event = { Records: [{ messageId: "m-1" }] };

function pool(idleTimeoutMs: number, onColdStart: () => void): WorkerPool {
  return new WorkerPool({
    file: fixture,
    exportName: "describeContext",
    functionName: "team-consumer",
    timeoutMs: 5_000,
    memoryMB: 256,
    env: { PATH: process.env.PATH ?? "" },
    idleTimeoutMs,
    onColdStart,
  });
}

describe("WorkerPool idle retirement", () => {
  it("retires an idle worker and cold-starts the next invocation", async () => {
    let told = 0;
    // 2 s of idleness retires; invocations 150 ms apart stay far inside it even when a loaded machine stalls timers.
    const p = pool(2_000, () => {
      told += 1;
    });
    try {
      expect((await p.invoke(event)).ok).toBe(true);
      expect(p.size).toBe(1);
      // Warm within the timeout: the same worker serves again, its idle clock restarts with each invocation.
      for (let i = 0; i < 3; i++) {
        await sleep(150);
        expect((await p.invoke(event)).ok).toBe(true);
      }
      expect(p.coldStarts).toBe(1);
      expect(p.retired).toBe(0);
      const deadline = Date.now() + 10_000;
      while (p.size > 0 && Date.now() < deadline) await sleep(50);
      expect(p.size).toBe(0);
      expect(p.retired).toBe(1);
      expect((await p.invoke(event)).ok).toBe(true);
      expect(p.coldStarts).toBe(2);
      expect(told).toBe(2);
    } finally {
      p.stop();
    }
  });

  it("never retires a worker with an idle timeout of 0", async () => {
    const p = pool(0, () => undefined);
    try {
      await p.invoke(event);
      await sleep(300);
      expect(p.size).toBe(1);
      expect(p.retired).toBe(0);
    } finally {
      p.stop();
    }
  });
});
