// Schema of `outputs`: where a run streams its client-side metrics as it goes (an OTLP/HTTP collector, a Prometheus scrape).
import { z } from "zod";
import { durationSchema } from "../common/duration.ts";

/** `${NAME}` in a header value is read from the environment when the run starts, so a secret never sits in the file. */
export const envPlaceholder = /\$\{([^}]*)\}/g;
const envName = /^[A-Za-z_][A-Za-z0-9_]*$/;
const headerName = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

const headerValueSchema = z.string().superRefine((value, ctx) => {
  for (const match of value.matchAll(envPlaceholder)) {
    const name = match[1] as string;
    if (!envName.test(name))
      ctx.addIssue({
        code: "custom",
        message: `"\${${name}}" is not an environment variable name (letters, digits, _)`,
      });
  }
});

export const otlpOutputSchema = z
  .strictObject({
    type: z.literal("otlp"),
    /** The collector's OTLP/HTTP endpoint; a URL without a path gets the standard `/v1/metrics`. */
    url: z.url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. http://127.0.0.1:4318/v1/metrics" }),
    headers: z.record(z.string().regex(headerName, "must be an HTTP header name"), headerValueSchema).default({}),
    /** One export's time limit, retries included. */
    timeout: durationSchema.default(5_000),
    /** Intervals held while the collector is slow or down; the oldest is dropped (and counted) beyond it. */
    buffer: z.number().int().min(1).max(3600).default(60),
    /** How long the end of the load waits for the intervals still queued. */
    flushTimeout: durationSchema.default(5_000),
  })
  .transform(({ timeout, flushTimeout, ...rest }) => ({ ...rest, timeoutMs: timeout, flushTimeoutMs: flushTimeout }));

export const prometheusOutputSchema = z.strictObject({
  type: z.literal("prometheus"),
  /** 0 picks a free port (printed when the run starts). */
  port: z.number().int().min(0).max(65_535),
  /** The address the scrape endpoint listens on; 0.0.0.0 exposes it beyond this machine. */
  host: z.string().min(1).default("127.0.0.1"),
});

export const outputSchema = z.discriminatedUnion("type", [otlpOutputSchema, prometheusOutputSchema]);

export const outputsSchema = z
  .array(outputSchema)
  .default([])
  .superRefine((outputs, ctx) => {
    const ports = new Map<number, number>();
    outputs.forEach((o, i) => {
      if (o.type !== "prometheus" || o.port === 0) return;
      const first = ports.get(o.port);
      if (first !== undefined)
        ctx.addIssue({ code: "custom", path: [i, "port"], message: `is also outputs[${first}]'s port; pick another` });
      else ports.set(o.port, i);
    });
  });

export type OtlpOutputConfig = z.infer<typeof otlpOutputSchema>;
export type PrometheusOutputConfig = z.infer<typeof prometheusOutputSchema>;
export type OutputConfig = z.infer<typeof outputSchema>;
