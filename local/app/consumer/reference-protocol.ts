// Messages between the lambda process and the reference consumer's processes (over the fork IPC channel).
import type { BugMode, Bugs, Faults } from "../../controls.ts";
import type { AppConfig } from "../config.ts";
import type { SQSBatchResponse, SQSEvent } from "../lambda-types.ts";

export type ToConsumer =
  | { kind: "init"; config: AppConfig }
  /** One invocation, with the controls in force when the lambda process dispatched it. */
  | { kind: "invoke"; id: number; event: SQSEvent; faults: Faults; bugs: Bugs };

export type FromConsumer =
  | { kind: "ready" }
  /** A bug mode harmed a message: sent before the invocation's result, so the harmed IDs are recorded first. */
  | { kind: "harm"; mode: BugMode; id: string }
  | { kind: "result"; id: number; ok: true; response: SQSBatchResponse }
  | { kind: "result"; id: number; ok: false; name: string; message: string };
