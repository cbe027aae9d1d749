// What a failed AWS call means for each entry it carried: a 4xx answer is a definite no, anything else unknown.
import type { Outcome } from "../../../contracts/ledger.ts";

export function callFailure(error: unknown): { status: number; outcome: Outcome; err: string } {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode ?? 0;
  // 4xx (throttling, validation, access denied): AWS refused the whole call. 5xx, timeouts, resets: maybe processed.
  const outcome: Outcome = status >= 400 && status < 500 ? "rej" : "unk";
  return { status, outcome, err: e.name ?? e.message ?? "error" };
}
