// isAlive and stopAndWait: a process that exited but is not reaped yet (a zombie) counts as gone.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { isAlive, stopAndWait } from "../../local/emulators/service.ts";

/** The state field of /proc/<pid>/stat is Z (read here, not through the code under test). */
function isZombie(pid: number): boolean {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) === "Z";
}

/** A child of a process that never reaps it (sh exec'd into sleep): it stays a zombie until that parent exits. */
async function zombie(): Promise<{ pid: number; parentPid: number; stop: () => void }> {
  const parent = spawn("sh", ["-c", "sleep 0.05 & echo $!; exec sleep 30"], { stdio: ["ignore", "pipe", "ignore"] });
  const pid = await new Promise<number>((resolve) => parent.stdout.once("data", (d: Buffer) => resolve(Number(d))));
  // Until the child has exited (state Z), however slowly a loaded machine runs its 50 ms sleep.
  for (const deadline = Date.now() + 10_000; !isZombie(pid) && Date.now() < deadline; ) await sleep(20);
  return { pid, parentPid: parent.pid ?? 0, stop: () => parent.kill("SIGKILL") };
}

describe.skipIf(!existsSync("/proc/self/stat"))("isAlive", () => {
  it("is false for a zombie, though signal 0 still reaches it", async () => {
    const z = await zombie();
    try {
      expect(() => process.kill(z.pid, 0)).not.toThrow();
      expect(isAlive(z.pid)).toBe(false);
      expect(isAlive(z.parentPid)).toBe(true);
    } finally {
      z.stop();
    }
  });

  it("stopAndWait returns once the process has exited, not when its parent reaps it", async () => {
    const parent = spawn("sh", ["-c", "sleep 30 & echo $!; exec sleep 30"], { stdio: ["ignore", "pipe", "ignore"] });
    const pid = await new Promise<number>((resolve) => parent.stdout.once("data", (d: Buffer) => resolve(Number(d))));
    try {
      const started = Date.now();
      // The bound is the SIGTERM grace: waiting for a reap that never comes would run it out.
      await stopAndWait(pid, 5_000);
      expect(Date.now() - started).toBeLessThan(4_000);
      expect(isAlive(pid)).toBe(false);
    } finally {
      parent.kill("SIGKILL");
    }
  });
});
