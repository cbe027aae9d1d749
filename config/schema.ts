// Schema of harness.config.ts: targets, scenarios, gates, and what a run defaults to.
import { z } from "zod";
import { durationSchema } from "../common/duration.ts";
import { gatesSchema } from "./schema-gates.ts";
import { outputsSchema } from "./schema-outputs.ts";
import { scenarioSchema } from "./schema-scenario.ts";
import { targetSchema } from "./schema-target.ts";

const nameSchema = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, "must be lower-case letters, digits and dashes");

export const configSchema = z
  .strictObject({
    runsDir: z.string().min(1).default("runs"),
    defaultTarget: z.string().optional(),
    defaultScenario: z.string().optional(),
    targets: z.record(nameSchema, targetSchema).refine((t) => Object.keys(t).length > 0, "define at least one target"),
    scenarios: z.record(nameSchema, scenarioSchema).default({}),
    gates: gatesSchema.default(gatesSchema.parse({})),
    /** Written "120s" in the file; parsed once, here, to the milliseconds plan.json keeps. */
    drain: z
      .strictObject({ timeout: durationSchema.default(120_000), settle: durationSchema.default(5_000) })
      .prefault({})
      .transform((d) => ({ timeoutMs: d.timeout, settleMs: d.settle })),
    /** Where the run streams its client-side metrics each second (OTLP/HTTP, Prometheus); none by default. */
    outputs: outputsSchema,
    /** How long each preflight check (endpoint, queue, table) may take to answer before the run fails with exit 3. */
    preflight: z
      .strictObject({ timeout: durationSchema.default(10_000) })
      .prefault({})
      .transform((p) => ({ timeoutMs: p.timeout })),
    certify: z
      .strictObject({
        suite: z.array(z.strictObject({ scenario: z.string(), rateMultiplier: z.number().positive().optional() })),
      })
      .optional(),
  })
  .superRefine((config, ctx) => {
    const target = config.defaultTarget;
    if (target !== undefined && !(target in config.targets)) {
      ctx.addIssue({
        code: "custom",
        path: ["defaultTarget"],
        message: `names no target; known: ${Object.keys(config.targets).join(", ")}`,
      });
    }
  });

export type HarnessConfig = z.infer<typeof configSchema>;
export type HarnessConfigInput = z.input<typeof configSchema>;
