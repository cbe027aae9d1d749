// result.json: the RunResult as written for machines (CI scripts, dashboards, `jq`).
import type { RunPaths } from "../../contracts/run-dir.ts";
import type { Reporter, ReportModel } from "./reporter.ts";

export const jsonReporter: Reporter = {
  name: "json",
  file: (paths: RunPaths) => paths.result,
  render: ({ result }: ReportModel) => `${JSON.stringify(result, null, 2)}\n`,
};
