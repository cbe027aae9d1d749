// The app's live fault controls, bug modes and the IDs each bug mode harmed (the truth the verifier is checked against).
import { type BugMode, type Bugs, bugModes, type ControlProblem, type Faults, sortControls } from "../controls.ts";

export type Harmed = Record<BugMode, string[]>;

export class ControlState {
  faults: Faults;
  bugs: Bugs;
  private readonly harmedIds: Record<BugMode, Set<string>>;

  constructor(faults: Faults, bugs: Bugs) {
    this.faults = { ...faults };
    this.bugs = { ...bugs };
    this.harmedIds = Object.fromEntries(bugModes.map((mode) => [mode, new Set<string>()])) as Record<
      BugMode,
      Set<string>
    >;
  }

  /** Applies a flat NAME=VALUE map; nothing changes when any value is wrong. */
  apply(values: Record<string, number | string | boolean>): ControlProblem[] {
    const { faults, bugs, problems } = sortControls(values);
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
