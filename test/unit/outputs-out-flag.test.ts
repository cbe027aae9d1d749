// `--out otlp=<url>` and `--out prometheus=<port>`: parsed with the config's schema, added to the config's outputs.
import { describe, expect, it } from "vitest";
import { UsageError } from "../../common/errors.ts";
import { validateConfig } from "../../config/validate.ts";
import { parseOutFlag, withOutFlags } from "../../runner/outputs/out-flag.ts";

describe("--out", () => {
  it("reads otlp=<url> and prometheus=<port> with the config's defaults", () => {
    expect(parseOutFlag("otlp=http://127.0.0.1:4318")).toEqual({
      type: "otlp",
      url: "http://127.0.0.1:4318",
      headers: {},
      buffer: 60,
      timeoutMs: 5_000,
      flushTimeoutMs: 5_000,
    });
    expect(parseOutFlag("prometheus=0")).toEqual({ type: "prometheus", port: 0, host: "127.0.0.1" });
  });

  it.each([
    ["statsd=localhost:8125", "--out statsd=localhost:8125: the type must be otlp or prometheus"],
    ["otlp", "--out otlp: url must be an http(s) URL, e.g. http://127.0.0.1:4318/v1/metrics"],
    ["prometheus=lots", "--out prometheus=lots: port Invalid input: expected number, received string"],
  ])("refuses %s as a usage error (exit 4)", (flag, message) => {
    expect(() => parseOutFlag(flag)).toThrow(UsageError);
    expect(() => parseOutFlag(flag)).toThrow(message);
  });

  it("adds the flags' outputs after the config's, leaving the config as it was", () => {
    const config = validateConfig({
      targets: { local: { kind: "local" } },
      outputs: [{ type: "prometheus", port: 9464 }],
    });
    const run = withOutFlags(config, ["otlp=http://c:4318"]);
    expect(run.outputs.map((o) => o.type)).toEqual(["prometheus", "otlp"]);
    expect(config.outputs).toHaveLength(1);
    expect(withOutFlags(config, undefined)).toBe(config);
  });
});
