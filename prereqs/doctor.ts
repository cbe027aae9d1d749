// `harness doctor`: one line per prerequisite with version, status and fix; ready means the local target can run.
import type { Output } from "../common/output.ts";
import { type CheckResult, type CheckScope, localTargetReady, runChecks } from "./checks.ts";
import type { Probe } from "./probe.ts";

const mark: Record<CheckResult["status"], string> = {
  ok: "ok",
  missing: "MISSING",
  "wrong-version": "WRONG VERSION",
  warn: "warn",
};

export function formatChecks(results: readonly CheckResult[]): string {
  const nameWidth = Math.max(...results.map((r) => r.name.length));
  const versionWidth = Math.max(7, ...results.map((r) => (r.version ?? "-").length));
  const statusWidth = Math.max(...results.map((r) => mark[r.status].length));
  return results
    .map((r) => {
      const line = `${r.name.padEnd(nameWidth)}  ${(r.version ?? "-").padEnd(versionWidth)}  ${mark[r.status].padEnd(statusWidth)}  ${r.detail}`;
      return r.fix === undefined ? line : `${line}\n${" ".repeat(nameWidth + 2)}fix: ${r.fix}`;
    })
    .join("\n");
}

export interface DoctorResult {
  ready: boolean;
  results: CheckResult[];
}

/** Checks the machine for a scope; `targetName` names the one target asked about (`--target`), for the last line. */
export async function doctor(
  probe: Probe,
  output: Output,
  scope: CheckScope,
  targetName?: string,
): Promise<DoctorResult> {
  const results = await runChecks(probe, scope);
  const ready = localTargetReady(results);
  output.out(formatChecks(results));
  const subject = targetName === undefined ? "the local target" : `target "${targetName}"`;
  const again = targetName === undefined ? "`npx harness doctor`" : `\`npx harness doctor --target ${targetName}\``;
  output.out(
    ready ? `\nReady: ${subject} can run.` : `\nNot ready: fix the lines marked above, then run ${again} again.`,
  );
  return { ready, results };
}
