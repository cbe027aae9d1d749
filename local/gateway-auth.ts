// `gateway.auth` of the local target: what the gateway checks against (app.json), and the `http.auth` the resolved
// target gets so the engine passes that check: SigV4 with the local credentials, or the local issuer's OAuth2 token.
import type { LocalTargetConfig } from "../config/schema-target.ts";
import type { HttpAuth } from "../contracts/target-parts.ts";
import type { GatewayAuthConfig } from "./app/auth/check.ts";
import { localCredentials } from "./resources.ts";

/** Where the engine reads the local issuer's client ID and secret, as for any OAuth2 target: the environment. */
export const localClientEnv = { id: "HARNESS_LOCAL_CLIENT_ID", secret: "HARNESS_LOCAL_CLIENT_SECRET" } as const;

/** Used when the environment names none: fixed and not secret, like the emulators' keys (the stack is on 127.0.0.1). */
const localClientDefaults = { id: "harness-local", secret: "harness-local-secret" } as const;

type Env = Record<string, string | undefined>;

function envOr(env: Env, name: string, fallback: string): string {
  const value = env[name];
  return value === undefined || value === "" ? fallback : value;
}

export function gatewayAuthConfig(
  target: LocalTargetConfig,
  region: string,
  env: Env = process.env,
): GatewayAuthConfig {
  return {
    mode: target.gateway.auth,
    tokenTtlSeconds: target.gateway.tokenTtlSeconds,
    client: {
      id: envOr(env, localClientEnv.id, localClientDefaults.id),
      secret: envOr(env, localClientEnv.secret, localClientDefaults.secret),
    },
    keys: { ...localCredentials },
    region,
  };
}

/** The engine's `http.auth` for a stack whose gateway checks `mode`. */
export function localHttpAuth(
  mode: GatewayAuthConfig["mode"] | undefined,
  gateway: string,
  region: string,
): HttpAuth | undefined {
  if (mode === "sigv4") return { type: "sigv4", service: "execute-api", region };
  if (mode === "jwt")
    return {
      type: "oauth2-client-credentials",
      tokenUrl: `${gateway}/oauth2/token`,
      clientIdEnv: localClientEnv.id,
      clientSecretEnv: localClientEnv.secret,
    };
  return undefined;
}

/** The local client's ID and secret put in this process's environment where unset, for the engine's workers. */
export function exportLocalClient(env: Env = process.env): void {
  env[localClientEnv.id] = envOr(env, localClientEnv.id, localClientDefaults.id);
  env[localClientEnv.secret] = envOr(env, localClientEnv.secret, localClientDefaults.secret);
}
