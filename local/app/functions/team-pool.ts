// The worker pool for one of the team's functions (consumer, async function, stream consumer): its module and limits,
// the environment that points its SDK at the local emulators, idle retirement and cold starts counted as metrics.
import type { AppConfig, AppFunction } from "../config.ts";
import type { MetricsRegistry } from "../metrics.ts";
import { functionEnvironment } from "./environment.ts";
import { WorkerPool } from "./worker-pool.ts";

export function teamWorkerPool(
  config: AppConfig,
  team: AppFunction,
  functionName: string,
  metrics: MetricsRegistry,
): WorkerPool {
  const dimensions = { FunctionName: functionName };
  return new WorkerPool({
    file: team.file,
    exportName: team.exportName,
    functionName,
    timeoutMs: team.timeoutMs,
    memoryMB: team.memoryMB,
    env: functionEnvironment(config, team, functionName),
    idleTimeoutMs: team.idleTimeoutMs,
    onColdStart: () => metrics.count("Local/Lambda", "ColdStart", dimensions),
  });
}
