// `outputs` in the config: defaults, every problem named with its path, and header variables read only at the start.
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../config/errors.ts";
import { validateConfig } from "../../config/validate.ts";
import { OutputsError } from "../../runner/outputs/errors.ts";
import { resolveHeaders } from "../../runner/outputs/headers.ts";
import { metricsUrl } from "../../runner/outputs/start-outputs.ts";

/** A header placeholder as a user writes it in the config: `${NAME}`. */
const env = (name: string) => `$${"{"}${name}}`;

const targets = { local: { kind: "local" } };

function problems(outputs: unknown): Array<{ path: string; message: string }> {
  try {
    validateConfig({ targets, outputs }, "harness.config.ts");
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe("config outputs", () => {
  it("has none by default", () => {
    expect(validateConfig({ targets }).outputs).toEqual([]);
  });

  it("fills in each output's defaults, durations in ms", () => {
    const config = validateConfig({
      targets,
      outputs: [
        {
          type: "otlp",
          url: "https://otlp.example.com/otlp",
          headers: { Authorization: `Basic ${env("GRAFANA_OTLP_AUTH")}` },
        },
        { type: "otlp", url: "http://127.0.0.1:4318", timeout: "2s", buffer: 10, flushTimeout: "500ms" },
        { type: "prometheus", port: 9464 },
      ],
    });
    expect(config.outputs).toEqual([
      {
        type: "otlp",
        url: "https://otlp.example.com/otlp",
        headers: { Authorization: `Basic ${env("GRAFANA_OTLP_AUTH")}` },
        buffer: 60,
        timeoutMs: 5_000,
        flushTimeoutMs: 5_000,
      },
      { type: "otlp", url: "http://127.0.0.1:4318", headers: {}, buffer: 10, timeoutMs: 2_000, flushTimeoutMs: 500 },
      { type: "prometheus", port: 9464, host: "127.0.0.1" },
    ]);
  });

  it("names every problem with its path at once", () => {
    expect(
      problems([
        { type: "statsd" },
        { type: "otlp", url: "grpc://collector:4317", buffer: 0, extra: 1 },
        { type: "otlp", url: "http://c", headers: { "bad header": "x", ok: env("9LIVES") } },
        { type: "prometheus", port: 70_000 },
      ]),
    ).toEqual([
      { path: "outputs[0].type", message: 'must be one of "otlp", "prometheus"' },
      { path: "outputs[1].url", message: "must be an http(s) URL, e.g. http://127.0.0.1:4318/v1/metrics" },
      { path: "outputs[1].buffer", message: expect.stringMatching(/>=1/) },
      { path: "outputs[1].extra", message: "is not a known key" },
      { path: "outputs[2].headers.bad header", message: "bad key: must be an HTTP header name" },
      {
        path: "outputs[2].headers.ok",
        message: `"${env("9LIVES")}" is not an environment variable name (letters, digits, _)`,
      },
      { path: "outputs[3].port", message: expect.stringMatching(/<=65535/) },
    ]);
  });

  it("refuses two scrape endpoints on one port (0, any free port, may repeat)", () => {
    const prometheus = (port: number) => ({ type: "prometheus", port });
    expect(problems([prometheus(9464), prometheus(0), prometheus(0), prometheus(9464)])).toEqual([
      { path: "outputs[3].port", message: "is also outputs[0]'s port; pick another" },
    ]);
  });
});

describe("resolveHeaders", () => {
  it("reads each placeholder from the environment, keeping the text around it", () => {
    const headers = {
      Authorization: `Basic ${env("AUTH")}`,
      "x-scope": `${env("TENANT")}-${env("ENV_NAME")}`,
      plain: "v",
    };
    expect(resolveHeaders(headers, { AUTH: "abc=", TENANT: "t1", ENV_NAME: "staging" }, "outputs[0]")).toEqual({
      Authorization: "Basic abc=",
      "x-scope": "t1-staging",
      plain: "v",
    });
  });

  it("refuses an unset or empty variable, naming the header and the variable (exit 4)", () => {
    for (const vars of [{}, { AUTH: "" }]) {
      const attempt = () => resolveHeaders({ Authorization: `Bearer ${env("AUTH")}` }, vars, "outputs[1]");
      expect(attempt).toThrow(OutputsError);
      expect(attempt).toThrow(
        "outputs[1].headers.Authorization: names the environment variable AUTH, which is not set",
      );
      try {
        attempt();
      } catch (error) {
        expect((error as OutputsError).exitCode).toBe(4);
      }
    }
  });
});

describe("metricsUrl", () => {
  it.each([
    ["http://127.0.0.1:4318", "http://127.0.0.1:4318/v1/metrics"],
    ["http://127.0.0.1:4318/", "http://127.0.0.1:4318/v1/metrics"],
    ["https://otlp.example.com/otlp/v1/metrics", "https://otlp.example.com/otlp/v1/metrics"],
    ["https://otlp.example.com/otlp", "https://otlp.example.com/otlp"],
  ])("%s -> %s", (given, used) => {
    expect(metricsUrl(given)).toBe(used);
  });
});
