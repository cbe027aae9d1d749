// Entry of `harness certify` (issue 7).
import type { CliContext } from "../bin/context.ts";
import { NotBuiltError } from "../common/errors.ts";

export interface CertifyRequest {
  target: string | undefined;
  config: string | undefined;
  confirmProduction: boolean;
}

export async function certifyCommand(_ctx: CliContext, _request: CertifyRequest): Promise<number> {
  throw new NotBuiltError("`harness certify`", 7);
}
