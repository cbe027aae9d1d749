// plan.json: the resolved run as it was planned, so every later stage (verify, report) can run from disk alone.
import { z } from "zod";
import { resolvedScenarioSchema, scenarioSchema } from "../executors/index.ts";
import { defineArtifact } from "./artifact.ts";
import { gatesV1Schema, resolvedGatesSchema } from "./gates.ts";
import { resolvedTargetSchema } from "./target.ts";

export type { ChaosWindow } from "./chaos.ts";

const segmentSchema = z.object({ index: z.number().int().min(1), count: z.number().int().min(1) }).nullable();

const planFields = {
  runId: z.string().min(1),
  createdAt: z.string(),
  configFile: z.string().nullable(),
  targetName: z.string().min(1),
  /** Credentials are never here: only region, profile name and endpoints. */
  target: resolvedTargetSchema,
  scenarioName: z.string().min(1),
  drain: z.object({ timeoutMs: z.number().min(0), settleMs: z.number().min(0) }),
  segment: segmentSchema,
  versions: z.record(z.string(), z.string()),
};

/** Version 2: every duration in milliseconds (the scenario's as its executor resolves it, gates' `maxDrain`). */
export const planSchema = z.object({
  schemaVersion: z.literal(2),
  ...planFields,
  scenario: resolvedScenarioSchema,
  gates: resolvedGatesSchema,
});

export type PlanFile = z.infer<typeof planSchema>;

/**
 * Version 1 kept durations as the user wrote them ("30s" in the scenario, "2m" for `maxDrain`): the user-facing
 * schemas parse them to milliseconds, as validation does today.
 */
const planV1Schema = z.object({
  schemaVersion: z.literal(1),
  ...planFields,
  scenario: scenarioSchema,
  gates: gatesV1Schema,
});

export const planArtifact = defineArtifact<PlanFile>({
  file: "plan.json",
  version: 2,
  schema: planSchema,
  migrations: [
    { from: 1, schema: planV1Schema, up: (v1: z.infer<typeof planV1Schema>) => ({ ...v1, schemaVersion: 2 }) },
  ],
});
