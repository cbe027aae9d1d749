// Errors of the load engine: thresholds that cannot apply, a channel the target lacks.
import { HarnessError, type HarnessErrorOptions } from "../../common/errors.ts";
import { ExitCode } from "../../common/exit-codes.ts";

export class EngineError extends HarnessError {
  constructor(message: string, options: HarnessErrorOptions = {}) {
    super(message, options);
    this.name = "EngineError";
  }
}

/** A threshold on a metric the engine does not produce, or an aggregation that metric lacks: exit 4 before any load. */
export class ThresholdConfigError extends EngineError {
  readonly metric: string;

  constructor(metric: string, expression: string, reason: string) {
    super(`thresholds.${metric}: "${expression}" ${reason}`, {
      hint: "Metrics: http_req_duration, http_req_intended (trends: p(N), avg, min, max, med, count), http_req_failed (rate), iterations, dropped_iterations (count, rate).",
      exitCode: ExitCode.invalidConfig,
    });
    this.name = "ThresholdConfigError";
    this.metric = metric;
  }
}

/** The scenario gives a channel weight but the target has no such endpoint configured: exit 4. */
export class ChannelConfigError extends EngineError {
  constructor(channel: string, reason: string) {
    super(`channel ${channel}: ${reason}`, {
      hint: "Configure the channel on the target (http, events or sqs) or set its weight to 0 in the scenario's channels.",
      exitCode: ExitCode.invalidConfig,
    });
    this.name = "ChannelConfigError";
  }
}

/** A worker thread or the ledger failed: the run's ledger may be incomplete (exit 255). */
export class EngineFailure extends EngineError {
  constructor(message: string, cause?: unknown) {
    super(message, {
      hint: "The ledger files of this run may lack their closing record; `harness verify` will report the run as unknown.",
      exitCode: ExitCode.internal,
      cause,
    });
    this.name = "EngineFailure";
  }
}

/** A scenario's payload module that cannot be loaded or has no function to call: exit 4, nothing was sent. */
export class PayloadError extends EngineError {
  readonly module: string;

  constructor(module: string, reason: string, cause?: unknown) {
    super(`payload ${module}: ${reason}`, {
      hint: "The payload module's default export is a function (ctx: { id, sentAt, n, scenario, runId }) => object; see definePayload.",
      exitCode: ExitCode.invalidConfig,
      cause,
    });
    this.name = "PayloadError";
    this.module = module;
  }
}

/** A scenario's flow module that cannot be loaded, has no function to call, or names steps badly: exit 4. */
export class FlowError extends EngineError {
  readonly module: string;

  constructor(module: string, reason: string, cause?: unknown) {
    super(`flow ${module}: ${reason}`, {
      hint: "The flow module's default export is an async function (msg, ctx) => outcome; see defineFlow.",
      exitCode: ExitCode.invalidConfig,
      cause,
    });
    this.name = "FlowError";
    this.module = module;
  }
}
