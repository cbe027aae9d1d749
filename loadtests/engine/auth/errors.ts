// Errors of request authentication: a token source that cannot give a token; each becomes a per-message reason.
import { EngineError } from "../errors.ts";

/** A token module, token endpoint or credential chain that failed; the message is safe to show (no secret in it). */
export class AuthSourceError extends EngineError {
  constructor(message: string, cause?: unknown) {
    super(message, {
      hint: "Requests go out without auth until a refresh succeeds; the target's 401/403 shows in the ledger.",
      cause,
    });
    this.name = "AuthSourceError";
  }
}
