// The app's live fault controls, bug modes and the IDs each bug mode harmed (the truth the verifier is checked against).
import {
  type BugMode,
  type Bugs,
  bugModes,
  bugsRefusedWithTeamConsumer,
  type ControlProblem,
  type Faults,
  sortControls,
} from "../controls.ts";

export type Harmed = Record<BugMode, string[]>;

export class ControlState {
  faults: Faults;
  bugs: Bugs;
  private readonly harmedIds: Record<BugMode, Set<string>>;
  /** The team's consumer runs in place of the reference one: its bug modes are refused, never silently ignored. */
  private readonly teamConsumer: boolean;

  constructor(faults: Faults, bugs: Bugs, options: { teamConsumer?: boolean } = {}) {
    this.faults = { ...faults };
    this.bugs = { ...bugs };
    this.teamConsumer = options.teamConsumer ?? false;
    this.harmedIds = Object.fromEntries(bugModes.map((mode) => [mode, new Set<string>()])) as Record<
      BugMode,
      Set<string>
    >;
  }

  /** Applies a flat NAME=VALUE map; nothing changes when any value is wrong. */
  apply(values: Record<string, number | string | boolean>): ControlProblem[] {
    const { faults, bugs, problems } = sortControls(values);
    if (this.teamConsumer) problems.push(...bugsRefusedWithTeamConsumer(bugs));
    if (problems.length > 0) return problems;
    this.faults = { ...this.faults, ...faults };
    this.bugs = { ...this.bugs, ...bugs };
    return [];
  }

  harm(mode: BugMode, id: string): void {
    this.harmedIds[mode].add(id);
  }

  harmed(): Harmed {
    const out = {} as Harmed;
    for (const mode of bugModes) out[mode] = [...this.harmedIds[mode]].sort();
    return out;
  }

  clearHarmed(): void {
    for (const mode of bugModes) this.harmedIds[mode].clear();
  }
}
