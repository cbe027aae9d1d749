// Who is using the local stack: one lease per `harness run` (or test) holding it, so the stack a run started is
// stopped by the last holder to let go, not by its starter while another run still sends through it.
import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { LocalTargetError } from "./errors.ts";
import { isOurs, type LocalPaths, processStartTicks } from "./state.ts";

interface Holder {
  pid: number;
  startTicks: number | null;
}

const self = (): Holder => ({ pid: process.pid, startTicks: processStartTicks(process.pid) });

function leasesDir(paths: LocalPaths): string {
  return join(paths.dir, "leases");
}

function readHolder(file: string): Holder | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Holder;
  } catch {
    return undefined;
  }
}

/** Takes a lease; its token releases it. */
export function takeLease(paths: LocalPaths): string {
  mkdirSync(leasesDir(paths), { recursive: true });
  const token = `${process.pid}-${randomBytes(4).toString("hex")}`;
  const fd = openSync(join(leasesDir(paths), `${token}.json`), "wx");
  writeSync(fd, JSON.stringify(self()));
  closeSync(fd);
  return token;
}

export function dropLease(paths: LocalPaths, token: string): void {
  rmSync(join(leasesDir(paths), `${token}.json`), { force: true });
}

/** Leases of live processes; those of processes that died (kill -9, a crash) are removed on the way. */
export function liveLeases(paths: LocalPaths): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(leasesDir(paths)).filter((n) => n.endsWith(".json"));
  } catch {
    return [];
  }
  const live: string[] = [];
  for (const name of names) {
    const file = join(leasesDir(paths), name);
    const holder = readHolder(file);
    if (holder !== undefined && isOurs(holder)) live.push(name.slice(0, -".json".length));
    else rmSync(file, { force: true });
  }
  return live;
}

/**
 * Runs fn holding `.harness/local/lease.lock`, so taking the stack (start or reuse, then lease) and letting it go
 * (release, then stop if last) never interleave between processes. A lock whose holder died is taken over.
 */
export async function withLeaseLock<T>(paths: LocalPaths, fn: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  mkdirSync(paths.dir, { recursive: true });
  const lock = join(paths.dir, "lease.lock");
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(lock, "wx");
      writeSync(fd, JSON.stringify(self()));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readHolder(lock);
      if (holder !== undefined && !isOurs(holder)) {
        rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new LocalTargetError(
          `The local target stayed locked by process ${holder?.pid ?? "?"} for ${timeoutMs} ms.`,
          {
            hint: `If no harness runs in this folder, remove ${lock}.`,
          },
        );
      await sleep(100);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { force: true });
  }
}
