// A run as a list of stages: each takes the run's context and returns its artifact, kept for the stages after it.
import { StageOrderError } from "../errors.ts";
import type { StageTimer } from "./stage-timer.ts";

/** The artifacts made so far, by stage name; a later stage reads an earlier one's with get(). */
export class Artifacts<A> {
  private readonly made: Partial<A> = {};

  set<K extends keyof A>(stage: K, artifact: A[K]): void {
    this.made[stage] = artifact;
  }

  /** The artifact of a stage that must have run before. */
  get<K extends keyof A & string>(stage: K): A[K] {
    if (!(stage in this.made)) throw new StageOrderError(stage);
    return this.made[stage] as A[K];
  }

  /** The artifact of a stage that may have been left out of this run's list. */
  find<K extends keyof A>(stage: K): A[K] | undefined {
    return this.made[stage];
  }
}

export interface StageContext<A> {
  readonly artifacts: Artifacts<A>;
}

/** One stage: its name (a key of the artifact map, and the `[name]` of its log lines) and what it does. */
export interface Stage<C, A, K extends keyof A & string> {
  readonly name: K;
  run(context: C): Promise<A[K]>;
}

/** Any stage of a list whose artifacts are A. */
export type AnyStage<C, A> = { [K in keyof A & string]: Stage<C, A, K> }[keyof A & string];

/** Runs the stages in order, each timed (`[name] started` / `[name] done in`); the first that throws ends the run. */
export async function runStages<A, C extends StageContext<A>>(
  stages: ReadonlyArray<AnyStage<C, A>>,
  context: C,
  timer: StageTimer,
): Promise<void> {
  for (const stage of stages) await runStage(stage, context, timer);
}

async function runStage<A, C extends StageContext<A>, K extends keyof A & string>(
  stage: Stage<C, A, K>,
  context: C,
  timer: StageTimer,
): Promise<void> {
  context.artifacts.set(stage.name, await timer.run(stage.name, () => stage.run(context)));
}
