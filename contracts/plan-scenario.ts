// The scenario as plan.json keeps it: checked loosely here (an executor name, every other key kept as written), so
// the executors' own resolved schema can take this file's place without touching the rest of plan.json.
import { z } from "zod";

export const planScenarioSchema = z.looseObject({ executor: z.string().min(1) });

export type PlanScenario = z.infer<typeof planScenarioSchema>;
