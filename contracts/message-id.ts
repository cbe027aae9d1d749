// The message-ID scheme of DESIGN.md, `<runId>-<scenario>-<n>`: the one place that builds an ID or its prefixes.
import { runIdPatternSource } from "../common/run-id.ts";

const runIdAtHead = new RegExp(`^(${runIdPatternSource})-`);

/** Message n of a run's scenario: `<runId>-<scenario>-<n>`. */
export function messageId(runId: string, scenario: string, n: number): string {
  return `${scenarioPrefix(runId, scenario)}${n}`;
}

/** What every message ID of the run starts with: `<runId>-`. */
export function runPrefix(runId: string): string {
  return `${runId}-`;
}

/** What every message ID of one scenario of the run starts with: `<runId>-<scenario>-`; n follows. */
export function scenarioPrefix(runId: string, scenario: string): string {
  return `${runPrefix(runId)}${scenario}-`;
}

/** Whether id is one of the run's messages (callers that test many IDs keep runPrefix(runId) and use startsWith). */
export function belongsToRun(id: string, runId: string): boolean {
  return id.startsWith(runPrefix(runId));
}

/** The run a message ID names at its head, or undefined when it does not start with a run ID. */
export function runIdOf(id: string): string | undefined {
  return runIdAtHead.exec(id)?.[1];
}
