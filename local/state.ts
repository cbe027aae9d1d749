// `.harness/local/state.json`: what `harness local up` started (pids, ports, endpoints, resources), and whether it still runs.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { writeJsonAtomic } from "../common/atomic-write.ts";
import type { LocalTargetConfig } from "../config/schema-target.ts";
import { isAlive } from "./emulators/service.ts";

/** What `up` provisioned for the stream (kept in state.json's resources). */
export interface StreamResources {
  table: string;
  streamArn: string;
  /** The reference projection's table; absent with the team's stream consumer (it writes its own). */
  projectionTable?: string;
  failureQueueUrl: string;
  failureQueueArn: string;
  functionName: string;
}

export interface ServiceRecord {
  name: string;
  pid: number;
  /** Process start time (clock ticks since boot, Linux), so a recycled pid is never mistaken for ours. */
  startTicks: number | null;
  endpoint: string;
  logFile: string;
}

export interface LocalResources {
  ingestQueueUrl: string;
  ingestQueueArn: string;
  eventsQueueArn: string;
  ingestDlqUrl: string;
  eventsQueueUrl: string;
  eventsDlqUrl: string;
  eventsTargetDlqUrl: string;
  table: string;
  busName: string;
  ruleName: string;
  source: string;
  detailType: string;
  functionName: string;
  apiName: string;
  /** Present when the target has `saga`. */
  saga?: {
    stateMachineArn: string;
    tables: Record<"reserve" | "charge" | "ship" | "cancelReservation" | "refund", string>;
  };
  /** With `asyncFunction`: the function behind the Invoke API and the queues its failures go to. */
  asyncFunctionName?: string;
  asyncDestinationUrl?: string;
  asyncDestinationArn?: string;
  asyncDlqUrl?: string;
  asyncDlqArn?: string;
  /** With `stream` in the config: the stream, its consumer's table and on-failure queue. */
  stream?: StreamResources;
}

export interface LocalState {
  schemaVersion: 1;
  status: "starting" | "up";
  /** The `harness local up` (or `harness run`) process that started the stack. */
  ownerPid: number;
  /**
   * Started by a run for its own use (not by `harness local up`): the last run holding a lease on it stops it.
   * Absent in older state files, which are left running as `harness local up` left them.
   */
  ephemeral?: boolean;
  startedAt: string;
  targetName: string;
  target: LocalTargetConfig;
  region: string;
  services: ServiceRecord[];
  endpoints?: {
    sqs: string;
    dynamodb: string;
    cloudwatch: string;
    events: string;
    gateway: string;
    control: string;
    /** The local Step Functions API, when the target has `saga`. */
    sfn?: string;
    /** The Lambda Invoke API, with `asyncFunction`. */
    lambda?: string;
  };
  resources?: LocalResources;
  readyMs?: number;
}

export interface LocalPaths {
  dir: string;
  state: string;
  appConfig: string;
  log: (service: string) => string;
}

export function localPaths(cwd: string): LocalPaths {
  const dir = join(cwd, ".harness", "local");
  return {
    dir,
    state: join(dir, "state.json"),
    appConfig: join(dir, "app.json"),
    log: (service) => join(dir, `${service}.log`),
  };
}

export function readState(paths: LocalPaths): LocalState | undefined {
  if (!existsSync(paths.state)) return undefined;
  try {
    return JSON.parse(readFileSync(paths.state, "utf8")) as LocalState;
  } catch {
    // A half-written or foreign file is treated as stale; `up` replaces it.
    return undefined;
  }
}

export function writeState(paths: LocalPaths, state: LocalState): void {
  writeJsonAtomic(paths.state, state);
}

export function removeState(paths: LocalPaths): void {
  rmSync(paths.state, { force: true });
  rmSync(paths.appConfig, { force: true });
}

/** Field 22 of /proc/<pid>/stat; null where /proc is not there. */
export function processStartTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its closing one.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[19]);
    return Number.isFinite(ticks) ? ticks : null;
  } catch {
    return null;
  }
}

/** Alive and still the process we started (same start time), not a recycled pid. */
export function isOurs(service: Pick<ServiceRecord, "pid" | "startTicks">): boolean {
  if (!isAlive(service.pid)) return false;
  if (service.startTicks === null) return true;
  return processStartTicks(service.pid) === service.startTicks;
}

export type Liveness = "up" | "starting" | "stale";

/** up: every service runs; starting: its owner is still bringing it up; stale: something died. */
export function liveness(state: LocalState): Liveness {
  if (state.status === "starting") return isAlive(state.ownerPid) ? "starting" : "stale";
  return state.services.length > 0 && state.services.every(isOurs) ? "up" : "stale";
}
