// Entries of `harness local up|down|status|fault` (issue 3).
import type { CliContext } from "../bin/context.ts";
import { NotBuiltError } from "../common/errors.ts";

export interface LocalUpRequest {
  faults: string[];
  bugs: string[];
  target: string | undefined;
  config: string | undefined;
}

export async function localUp(_ctx: CliContext, _request: LocalUpRequest): Promise<number> {
  throw new NotBuiltError("`harness local up`", 3);
}

export async function localDown(_ctx: CliContext): Promise<number> {
  throw new NotBuiltError("`harness local down`", 3);
}

export async function localStatus(_ctx: CliContext, _options: { json: boolean }): Promise<number> {
  throw new NotBuiltError("`harness local status`", 3);
}

export async function localFault(_ctx: CliContext, _assignments: string[]): Promise<number> {
  throw new NotBuiltError("`harness local fault`", 3);
}
