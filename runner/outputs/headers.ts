// An OTLP output's headers with their `${NAME}` placeholders read from the environment, at the start of the run only.
import { envValue } from "../../common/cli-context.ts";
import { envPlaceholder } from "../../config/schema-outputs.ts";
import { OutputsError } from "./errors.ts";

/** The real header values; never written anywhere (plan.json records no output headers). */
export function resolveHeaders(
  headers: Readonly<Record<string, string>>,
  env: Readonly<Record<string, string | undefined>>,
  path: string,
): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const [name, template] of Object.entries(headers)) {
    resolved[name] = template.replace(envPlaceholder, (_, variable: string) => {
      const value = envValue(env, variable);
      if (value === undefined)
        throw new OutputsError(
          `${path}.headers.${name}`,
          `names the environment variable ${variable}, which is not set`,
          `Export ${variable} before the run (the secret stays out of the config and every artifact), or remove the header.`,
        );
      return value;
    });
  }
  return resolved;
}
