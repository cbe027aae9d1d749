// Entry of `harness report` (issue 6).
import type { CliContext } from "../bin/context.ts";
import { NotBuiltError } from "../common/errors.ts";

export interface ReportRequest {
  run: string;
  reporters: string[] | undefined;
  config: string | undefined;
  runsDir: string | undefined;
}

export async function reportCommand(_ctx: CliContext, _request: ReportRequest): Promise<number> {
  throw new NotBuiltError("`harness report`", 6);
}
