// Exit codes are public API (DESIGN.md): listed in `harness --help`, never renumbered.
export const ExitCode = {
  ok: 0,
  gateFailed: 1,
  verdictUnknown: 2,
  unreachable: 3,
  invalidConfig: 4,
  thresholdsFailed: 99,
  internal: 255,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export const exitCodeHelp: ReadonlyArray<readonly [ExitCodeValue, string]> = [
  [ExitCode.ok, "all gates passed"],
  [
    ExitCode.gateFailed,
    "a gate failed (loss beyond maxLost, DLQ arrivals, latency, outcomes mostly unknown, a --compare regression, ...)",
  ],
  [
    ExitCode.verdictUnknown,
    "verdict unknown (incomplete ledger, unreadable source, messages in flight, run directory lost mid-run)",
  ],
  [ExitCode.unreachable, "target or infrastructure unreachable (preflight; a source `harness verify` could not reach)"],
  [ExitCode.invalidConfig, "invalid config or usage (or a runs folder that cannot be written)"],
  [ExitCode.thresholdsFailed, "load thresholds failed or aborted the load"],
  [ExitCode.internal, "internal error"],
];
