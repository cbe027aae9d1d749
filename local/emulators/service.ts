// Starts one emulator as its own detached process on loopback, waits until it answers, and stops it by pid.
import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { EmulatorStartError } from "../errors.ts";

export interface ServiceSpec {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  port: number;
  /** Resolves true once the service answers a real request. */
  ready: (endpoint: string) => Promise<boolean>;
  /** Hint shown when the command cannot be started at all. */
  missingHint?: string;
}

export interface RunningService {
  name: string;
  pid: number;
  port: number;
  endpoint: string;
  logFile: string;
}

export async function startService(spec: ServiceSpec, logFile: string, timeoutMs = 20_000): Promise<RunningService> {
  const fd = openSync(logFile, "a");
  const child = spawn(spec.command, spec.args, {
    env: { ...process.env, ...spec.env },
    stdio: ["ignore", fd, fd],
    // Its own process group, so it outlives `harness local up` and `down` can stop it and its children.
    detached: true,
  });
  closeSync(fd);
  let exited: string | undefined;
  child.once("error", (error) => {
    exited = error.message;
  });
  child.once("exit", (code, signal) => {
    exited = `exited with ${signal ?? `code ${code}`}`;
  });
  child.unref();
  const endpoint = `http://127.0.0.1:${spec.port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      throw new EmulatorStartError(
        spec.name,
        `${exited}. Last log lines:\n${tail(logFile)}`,
        logFile,
        spec.missingHint,
      );
    }
    if (await spec.ready(endpoint).catch(() => false)) {
      if (child.pid === undefined) break;
      return { name: spec.name, pid: child.pid, port: spec.port, endpoint, logFile };
    }
    await sleep(50);
  }
  if (child.pid !== undefined) stopProcessGroup(child.pid);
  throw new EmulatorStartError(spec.name, `no answer on ${endpoint} within ${timeoutMs} ms`, logFile, spec.missingHint);
}

/** SIGTERM to the process group; true when there was something to stop. */
export function stopProcessGroup(pid: number, signal: NodeJS.Signals = "SIGTERM"): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * Still running. A zombie (exited, not yet reaped) is not: a service `local up` started belongs to init once `up`
 * exits, and an init that reaps late kept `local down` waiting on processes that had already let go of everything.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return !isZombie(pid);
}

/** The state field of /proc/<pid>/stat is Z; false where /proc is not there. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: the state is the field after its closing one.
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) === "Z";
  } catch {
    return false;
  }
}

/** Stops the group and waits until its leader is gone, escalating to SIGKILL. */
export async function stopAndWait(pid: number, timeoutMs = 5_000): Promise<void> {
  if (!stopProcessGroup(pid)) return;
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(50);
  if (isAlive(pid)) {
    stopProcessGroup(pid, "SIGKILL");
    while (isAlive(pid)) await sleep(20);
  }
}

function tail(file: string, lines = 8): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}
