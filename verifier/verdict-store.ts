// A re-verification never destroys a verdict: verify.json is the latest, each one it replaces moves with its ids/ to
// verify-history/<verifiedAt>/, and an unknown attempt that could not reach a source never replaces a definitive one.
import { existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import type { RunPaths } from "../contracts/run-dir.ts";
import type { Valid, Verdict } from "../contracts/verdict.ts";
import type { Reconciliation } from "./reconcile.ts";
import { writeVerdict } from "./write-verdict.ts";

export interface StoredVerdict {
  verdict: Verdict;
  /** True when verify.json is now this verdict; false when it went to the history only. */
  latest: boolean;
  /** The verify.json written: the run's, or the history folder's. */
  file: string;
  /** The history folder the replaced verify.json (and its ids/) moved to. */
  archived?: string;
  /** The definitive verdict that stays the latest, when this attempt went to the history only. */
  kept?: { valid: Valid; verifiedAt: string };
}

export interface StoreOptions {
  /** This attempt could not reach a source: if it is unknown, a definitive verify.json stays the latest. */
  unreachable: boolean;
}

export function storeVerdict(run: RunPaths, reconciliation: Reconciliation, options: StoreOptions): StoredVerdict {
  const { verdict } = reconciliation;
  const previous = readPrevious(run.verify);
  if (options.unreachable && verdict.valid === "unknown" && previous !== undefined && previous.valid !== "unknown") {
    const dir = historyFolder(run, verdict.verifiedAt);
    writeVerdict({ verify: join(dir, "verify.json"), idListsDir: join(dir, "ids") }, reconciliation);
    return { verdict, latest: false, file: join(dir, "verify.json"), kept: previous };
  }
  const archived = previous === undefined ? undefined : archive(run, previous.verifiedAt);
  writeVerdict(run, reconciliation);
  return { verdict, latest: true, file: run.verify, ...(archived === undefined ? {} : { archived }) };
}

/** The latest verdict's valid and time, read leniently (a damaged file is still moved aside, never lost). */
function readPrevious(file: string): { valid: Valid; verifiedAt: string } | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const raw = JSON.parse(readFileSync(file, "utf8")) as { valid?: unknown; verifiedAt?: unknown };
    const valid = raw.valid === true || raw.valid === false ? raw.valid : "unknown";
    return { valid, verifiedAt: typeof raw.verifiedAt === "string" ? raw.verifiedAt : "unreadable" };
  } catch {
    return { valid: "unknown", verifiedAt: "unreadable" };
  }
}

/** Moves verify.json and ids/ into a new history folder named for the verification's time. */
function archive(run: RunPaths, verifiedAt: string): string {
  const dir = historyFolder(run, verifiedAt);
  renameSync(run.verify, join(dir, "verify.json"));
  if (existsSync(run.idListsDir)) renameSync(run.idListsDir, join(dir, "ids"));
  return dir;
}

/** A new folder under verify-history/ for a verification at `verifiedAt` (colons left out; `-2`... when taken). */
function historyFolder(run: RunPaths, verifiedAt: string): string {
  const stamp = verifiedAt.replace(/[^0-9A-Za-z.-]/g, "") || "unreadable";
  mkdirSync(run.verifyHistoryDir, { recursive: true });
  for (let n = 1; ; n++) {
    const dir = join(run.verifyHistoryDir, n === 1 ? stamp : `${stamp}-${n}`);
    if (existsSync(dir)) continue;
    mkdirSync(dir);
    return dir;
  }
}
