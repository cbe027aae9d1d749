// The target's http.tls and proxy made ready to run: PEM files made absolute and checked, the named environment
// variables checked, HTTPS_PROXY / HTTP_PROXY parsed; any problem is a config error (exit 4) before anything starts.
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { envValue } from "../common/cli-context.ts";
import { ConfigError, type ConfigProblem } from "../config/errors.ts";
import { ProxyUrlError, parseProxy, proxyVariable } from "../loadtests/engine/channels/http-route.ts";
import type { Plan } from "./plan.ts";

export function withReadyTls(
  planned: Plan,
  configFile: string | undefined,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): Plan {
  const target = planned.target;
  // The local target's gateway is on 127.0.0.1 (never proxied) and has no http.tls.
  if (target.kind !== "aws" || target.http === undefined) return planned;
  const http = target.http;
  const problems: ConfigProblem[] = [];
  const url = new URL(http.url.replaceAll("{{id}}", "id"));
  const variable = proxyVariable(url, env);
  if (variable !== undefined)
    try {
      parseProxy(variable.name, variable.value);
    } catch (error) {
      if (!(error instanceof ProxyUrlError)) throw error;
      problems.push({ path: `environment ${variable.name}`, message: error.message });
    }
  const options = http.tls;
  if (options === undefined) {
    if (problems.length > 0) throw new ConfigError(configFile, problems);
    return planned;
  }
  const path = `targets.${planned.targetName}.http.tls`;
  const base = configFile === undefined ? cwd : dirname(configFile);
  const ready = { ...options };
  for (const name of ["ca", "cert", "key"] as const) {
    const file = options[name];
    if (file !== undefined) {
      const absolute = resolve(base, file);
      if (!existsSync(absolute))
        problems.push({ path: `${path}.${name}`, message: `no such file: ${absolute} (relative to the config file)` });
      ready[name] = absolute;
    }
    const named = options[`${name}Env`];
    if (named !== undefined && envValue(env, named) === undefined)
      problems.push({
        path: `${path}.${name}Env`,
        message: `names the environment variable ${named}, which is not set: export it (a PEM) before the run`,
      });
  }
  if (problems.length > 0) throw new ConfigError(configFile, problems);
  return { ...planned, target: { ...target, http: { ...http, tls: ready } } };
}
