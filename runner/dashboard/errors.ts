// Errors of the live dashboard: a port it cannot use is a usage problem (exit 4), found before the run starts.
import { UsageError } from "../../common/errors.ts";

export class DashboardPortError extends UsageError {
  constructor(port: string, reason: string) {
    super(`--dashboard=${port}: ${reason}.`, {
      hint: "Give a free port from 1 to 65535 (--dashboard=8080), or --dashboard alone for a free one.",
    });
    this.name = "DashboardPortError";
  }
}
