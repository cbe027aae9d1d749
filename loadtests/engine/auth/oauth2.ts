// `{ type: "oauth2-client-credentials" }`: RFC 6749 section 4.4 (Cognito's machine-to-machine flow): a form POST with
// HTTP Basic client authentication; `access_token` and `expires_in` become a bearer header and its expiry.
import { redactText } from "../../../common/redact.ts";
import type { TokenFunction } from "../../../config/token.ts";
import type { HttpAuth } from "../../../contracts/target-parts.ts";
import { AuthSourceError } from "./errors.ts";

type OAuth2 = Extract<HttpAuth, { type: "oauth2-client-credentials" }>;

/** The token request's own time limit: a stalled endpoint must not hold the refresh forever. */
const requestTimeoutMs = 10_000;

/** A token function for the client; the ID and secret are read from the environment when it is called. */
export function clientCredentialsToken(
  auth: OAuth2,
  env: Readonly<Record<string, string | undefined>> = process.env,
): TokenFunction {
  return async () => {
    const id = env[auth.clientIdEnv];
    const secret = env[auth.clientSecretEnv];
    if (id === undefined || id === "" || secret === undefined || secret === "")
      throw new AuthSourceError(`oauth2: set ${auth.clientIdEnv} and ${auth.clientSecretEnv} in the environment`);
    const form = new URLSearchParams({ grant_type: "client_credentials" });
    if (auth.scope !== undefined) form.set("scope", auth.scope);
    const basic = Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64");
    const requested = Date.now();
    let res: Response;
    try {
      res = await fetch(auth.tokenUrl, {
        method: "POST",
        headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
        body: form.toString(),
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
    } catch (error) {
      throw new AuthSourceError(
        `oauth2: token endpoint ${auth.tokenUrl} did not answer: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const text = await res.text();
    if (res.status !== 200)
      throw new AuthSourceError(
        `oauth2: token endpoint ${auth.tokenUrl} answered ${res.status}: ${redactText(text.slice(0, 200))}`,
      );
    let body: { access_token?: unknown; expires_in?: unknown; token_type?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new AuthSourceError(`oauth2: token endpoint ${auth.tokenUrl} answered 200 without JSON`);
    }
    if (typeof body.access_token !== "string" || body.access_token === "")
      throw new AuthSourceError(`oauth2: token endpoint ${auth.tokenUrl} answered without an access_token`);
    const lifetime = Number(body.expires_in);
    const seconds = Number.isFinite(lifetime) && lifetime > 0 ? Math.max(lifetime - 1, lifetime / 2) : 3600;
    return {
      headers: { authorization: `Bearer ${body.access_token}` },
      // expires_in counts from the response in whole seconds, and the issuer's `exp` may be rounded down: counted from
      // the request, less one second, the token is never used past its real expiry. Absent: one hour.
      expiresAt: requested + seconds * 1000,
    };
  };
}
