// Chaos on AWS: starts and stops AWS FIS experiments from the target's templates; refuses a template with no stop condition.
import {
  type FisClient,
  GetExperimentTemplateCommand,
  StartExperimentCommand,
  StopExperimentCommand,
} from "@aws-sdk/client-fis";
import { formatDuration } from "../../common/duration.ts";
import type { ChaosStep } from "../../executors/index.ts";
import type { ChaosDriver } from "./driver.ts";
import { ChaosConfigError } from "./errors.ts";

export function fisDriver(fis: FisClient, templates: Readonly<Record<string, string>>, runId: string): ChaosDriver {
  const templateId = (step: ChaosStep): string => {
    const name = String(step.params.template ?? "");
    const id = templates[name];
    if (step.action !== "fis" || id === undefined) {
      throw new ChaosConfigError(
        `Chaos step "${step.action}" at ${formatDuration(step.atMs)} names no FIS template of this target (params.template = "${name}").`,
        `Use { action: "fis", params: { template: <name> } } with a name from fis.templates: ${Object.keys(templates).join(", ") || "(none defined)"}.`,
      );
    }
    return id;
  };
  return {
    async validate(steps) {
      for (const step of steps) {
        const id = templateId(step);
        const out = await fis.send(new GetExperimentTemplateCommand({ id }));
        const conditions = out.experimentTemplate?.stopConditions ?? [];
        if (conditions.length === 0 || conditions.every((c) => c.source === "none")) {
          throw new ChaosConfigError(
            `FIS template ${id} ("${String(step.params.template)}") has no stop condition; refusing to inject it under load.`,
            "Add a CloudWatch alarm stop condition to the experiment template, so AWS halts the fault when the system degrades.",
          );
        }
      }
    },
    async start(step) {
      const out = await fis.send(
        new StartExperimentCommand({ experimentTemplateId: templateId(step), tags: { "harness:run": runId } }),
      );
      const experimentId = out.experiment?.id;
      return async () => {
        if (experimentId !== undefined) await fis.send(new StopExperimentCommand({ id: experimentId }));
      };
    },
  };
}
