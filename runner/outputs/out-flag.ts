// `harness run --out otlp=<url> --out prometheus=<port>`: outputs added to the config's for one run (k6's --out).
import { UsageError } from "../../common/errors.ts";
import type { HarnessConfig } from "../../config/schema.ts";
import { type OutputConfig, outputSchema } from "../../config/schema-outputs.ts";
import { problemsOf } from "../../config/validate.ts";

const hint =
  "Write --out otlp=http://127.0.0.1:4318 or --out prometheus=9464 (0: any free port); headers and timeouts go in the config's outputs.";

export function parseOutFlag(text: string): OutputConfig {
  const at = text.indexOf("=");
  const type = at < 0 ? text : text.slice(0, at);
  const value = at < 0 ? "" : text.slice(at + 1);
  const input =
    type === "otlp"
      ? { type, url: value }
      : type === "prometheus"
        ? { type, port: /^\d+$/.test(value) ? Number(value) : value }
        : undefined;
  if (input === undefined) throw new UsageError(`--out ${text}: the type must be otlp or prometheus`, { hint });
  const parsed = outputSchema.safeParse(input);
  if (!parsed.success) {
    const why = problemsOf(parsed.error).map((p) => `${p.path} ${p.message}`);
    throw new UsageError(`--out ${text}: ${why.join("; ")}`, { hint });
  }
  return parsed.data;
}

/** The config's outputs, then the flags' (each flag one more output); the config itself is left as it was. */
export function withOutFlags(config: HarnessConfig, flags: readonly string[] | undefined): HarnessConfig {
  if (flags === undefined || flags.length === 0) return config;
  return { ...config, outputs: [...config.outputs, ...flags.map(parseOutFlag)] };
}
