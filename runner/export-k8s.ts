// Entry of `harness export k8s` (issue 7).
import type { CliContext } from "../bin/context.ts";
import { NotBuiltError } from "../common/errors.ts";

export interface ExportK8sRequest {
  scenario: string;
  instances: string;
  target: string | undefined;
  config: string | undefined;
  out: string | undefined;
}

export async function exportK8s(_ctx: CliContext, _request: ExportK8sRequest): Promise<number> {
  throw new NotBuiltError("`harness export k8s`", 7);
}
