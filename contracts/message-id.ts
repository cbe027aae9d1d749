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

// The engine's hot path builds IDs with MessageIds, not messageId: the same IDs, without turning n into a string.
// `prefix + n` converts n through V8's number-string cache: a table of 16,384 entries (at the shard's 8 MB semi-space)
// indexed by n's low bits, so each message's digits stay referenced until 16,384 later messages have replaced them.
// At 90k msg/s that is ~180 ms, longer than two scavenges (one every ~67 ms), so every one of them was promoted to the
// old generation: ~2.4 MB/s of garbage there, a Mark-Compact every ~3.5 s of a run, each followed by a stall of the
// send lag (docs/engine-performance.md, "The old generation"). Here n is cut into its high part, converted once per
// 10,000 messages, and four low digits taken from a table built once: the ID is one concatenation of two strings that
// already exist, and nothing of it outlives its message.

/** "0000" to "9999", built on first use (per thread), then shared. */
let lowDigits: string[] | undefined;

const split = 10_000;

export class MessageIds {
  private readonly prefix: string;
  private readonly low: string[];
  /** The high part the cached head was built for, and `<prefix><high>`. */
  private high = -1;
  private head = "";

  /** prefix: scenarioPrefix(runId, scenario). */
  constructor(prefix: string) {
    this.prefix = prefix;
    lowDigits ??= Array.from({ length: split }, (_, i) => String(i).padStart(4, "0"));
    this.low = lowDigits;
  }

  /** `<prefix><n>` for a message number n (a non-negative integer): messageId's ID. */
  id(n: number): string {
    if (n < split || !Number.isSafeInteger(n)) return this.prefix + n;
    const high = Math.floor(n / split);
    if (high !== this.high) {
      this.high = high;
      this.head = this.prefix + high;
    }
    return this.head + (this.low[n - high * split] as string);
  }
}
