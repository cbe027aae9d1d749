// The target's HTTP auth made ready to run: a token module's path made absolute, the named environment variables set.
import { dirname, resolve } from "node:path";
import { envValue } from "../common/cli-context.ts";
import { ConfigError } from "../config/errors.ts";
import type { Plan } from "./plan.ts";

/**
 * A token module is named relative to the config file (workers import it by absolute path); an OAuth2 client's ID
 * and secret come only from the environment, so a variable named but unset is a config error (exit 4) before anything
 * starts, not a run of 401s.
 */
export function withReadyAuth(
  planned: Plan,
  configFile: string | undefined,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): Plan {
  const target = planned.target;
  if (target.kind !== "aws" || target.http?.auth === undefined) return planned;
  const auth = target.http.auth;
  const path = `targets.${planned.targetName}.http.auth`;
  if (auth.type === "oauth2-client-credentials") {
    const unset = [auth.clientIdEnv, auth.clientSecretEnv].filter((name) => envValue(env, name) === undefined);
    if (unset.length > 0)
      throw new ConfigError(
        configFile,
        unset.map((name) => ({
          path: `${path}.${name === auth.clientIdEnv ? "clientIdEnv" : "clientSecretEnv"}`,
          message: `names the environment variable ${name}, which is not set: export it before the run (the secret is read from the environment only)`,
        })),
      );
    return planned;
  }
  if (auth.type !== "token") return planned;
  const base = configFile === undefined ? cwd : dirname(configFile);
  const http = { ...target.http, auth: { ...auth, module: resolve(base, auth.module) } };
  return { ...planned, target: { ...target, http } };
}
