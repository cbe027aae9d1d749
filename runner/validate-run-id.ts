// A run ID given on the command line (segments of one plan share it) must have the shape newRunId makes.
import { UsageError } from "../common/errors.ts";

export function validateRunId(text: string): string {
  if (!/^\d{8}T\d{6}Z-[0-9a-z]{8}$/.test(text)) {
    throw new UsageError(`--run-id "${text}" is not a run ID.`, {
      hint: "Run IDs look like 20261126T154200Z-k3j9x2q1; let one segment's run make it, or omit --run-id.",
    });
  }
  return text;
}
