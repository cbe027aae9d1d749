// Entry of `harness verify` (issue 5).
import type { CliContext } from "../bin/context.ts";
import { NotBuiltError } from "../common/errors.ts";

export interface VerifyRequest {
  run: string;
  drainTimeout: string | undefined;
  ledgers: string | undefined;
  config: string | undefined;
  runsDir: string | undefined;
}

export async function verifyCommand(_ctx: CliContext, _request: VerifyRequest): Promise<number> {
  throw new NotBuiltError("`harness verify`", 5);
}
