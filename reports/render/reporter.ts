// One small interface for every reporter, chosen by name; each renders the same model to one file of the run.
import type { RunPaths } from "../../contracts/run-dir.ts";
import type { RunResult } from "../result.ts";
import type { RunData } from "../run-data.ts";

export interface ReportModel {
  result: RunResult;
  data: RunData;
}

export interface Reporter {
  name: string;
  file(paths: RunPaths): string;
  /** Pure: the file's content. Writing is the caller's, so a failure in one reporter is isolated there. */
  render(model: ReportModel): string;
}
