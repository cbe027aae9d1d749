// The run directory (DESIGN.md): one folder per run with every stage's artifact; `latest` points at the newest.
import { randomBytes } from "node:crypto";
import {
  existsSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { basename, isAbsolute, join, relative, resolve } from "node:path";
import { writeFileAtomic, writeJsonAtomic } from "../common/atomic-write.ts";
import { HarnessError } from "../common/errors.ts";
import { ExitCode } from "../common/exit-codes.ts";
import { makeDirs } from "../common/make-dirs.ts";
import { type Artifact, parseArtifactText } from "./artifact.ts";
import { type ChaosWindow, chaosArtifact } from "./chaos.ts";
import { compareArtifact } from "./compare.ts";
import { ArtifactMissingError, RunDirWriteError, RunsDirError } from "./errors.ts";
import { type LoadSummary, loadSummaryArtifact, segmentSummaryName, segmentSummaryPattern } from "./load-summary.ts";
import { metricsArtifact } from "./metrics.ts";
import { outputsArtifact } from "./outputs.ts";
import { planArtifact } from "./plan-file.ts";
import { runResultArtifact } from "./result.ts";
import { parseSamplesText, type QueueSample } from "./samples.ts";
import { verdictArtifact } from "./verdict.ts";

export interface RunPaths {
  dir: string;
  runId: string;
  plan: string;
  ledgerDir: string;
  loadSummary: string;
  samples: string;
  chaos: string;
  verify: string;
  idListsDir: string;
  /** Earlier verifications, one folder each (`<verifiedAt>/verify.json` and its `ids/`): verify.json is the latest. */
  verifyHistoryDir: string;
  metrics: string;
  reportHtml: string;
  summaryMd: string;
  junitXml: string;
  result: string;
  compare: string;
}

export function runPaths(dir: string): RunPaths {
  return {
    dir,
    runId: basename(dir),
    plan: join(dir, "plan.json"),
    ledgerDir: join(dir, "ledger"),
    loadSummary: join(dir, "load-summary.json"),
    samples: join(dir, "samples.ndjson"),
    chaos: join(dir, "chaos.json"),
    verify: join(dir, "verify.json"),
    idListsDir: join(dir, "ids"),
    verifyHistoryDir: join(dir, "verify-history"),
    metrics: join(dir, "metrics.json"),
    reportHtml: join(dir, "report.html"),
    summaryMd: join(dir, "summary.md"),
    junitXml: join(dir, "junit.xml"),
    result: join(dir, "result.json"),
    compare: join(dir, "compare.json"),
  };
}

/**
 * Makes the runs folder and proves it takes a file (a probe written and removed), before any request is sent: a
 * folder that cannot be made (under a file, under /proc) or written (read-only, full, not ours) is a RunsDirError.
 */
export function prepareRunsDir(runsDir: string): void {
  const folder = resolve(runsDir);
  const probe = join(folder, `.harness-probe-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    makeDirs(folder);
    writeFileSync(probe, "harness: can this folder be written?\n");
    rmSync(probe, { force: true });
  } catch (error) {
    throw new RunsDirError(folder, error);
  }
}

/** Creates `<runsDir>/<runId>/ledger` and points `<runsDir>/latest` at it; a RunsDirError when it cannot. */
export function createRunDir(runsDir: string, runId: string): RunPaths {
  const dir = resolve(runsDir, runId);
  try {
    makeDirs(join(dir, "ledger"));
    const latest = join(resolve(runsDir), "latest");
    // Unique per process: segments on a shared volume (each pid 1 in its pod) make their links at once.
    const tmp = `${latest}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
    symlinkSync(runId, tmp);
    renameSync(tmp, latest);
  } catch (error) {
    throw new RunsDirError(resolve(runsDir), error);
  }
  return runPaths(dir);
}

export class RunNotFoundError extends HarnessError {
  constructor(ref: string, runsDir: string) {
    super(`No run "${ref}" (looked in ${runsDir}).`, {
      hint: "Pass --run with a run directory, or run `harness run` first; `latest` is the newest run.",
      exitCode: ExitCode.invalidConfig,
    });
    this.name = "RunNotFoundError";
  }
}

/** `latest`, a run ID under runsDir, or a path to a run directory. */
export function resolveRunDir(runsDir: string, ref: string, cwd: string = process.cwd()): RunPaths {
  const base = resolve(cwd, runsDir);
  if (ref === "latest") {
    const link = join(base, "latest");
    if (!existsSync(link)) throw new RunNotFoundError(ref, base);
    return runPaths(resolve(base, readlinkSync(link)));
  }
  for (const candidate of [resolve(cwd, ref), join(base, ref)]) {
    if (existsSync(join(candidate, "plan.json")) || existsSync(join(candidate, "ledger"))) return runPaths(candidate);
  }
  throw new RunNotFoundError(ref, base);
}

/** The JSON artifacts of a run directory, by the name RunDir reads and writes them with. */
export const runArtifacts = {
  plan: planArtifact,
  loadSummary: loadSummaryArtifact,
  chaos: chaosArtifact,
  verify: verdictArtifact,
  metrics: metricsArtifact,
  result: runResultArtifact,
  compare: compareArtifact,
  outputs: outputsArtifact,
} as const;

export type RunArtifactName = keyof typeof runArtifacts;
export type RunArtifact<K extends RunArtifactName> = (typeof runArtifacts)[K] extends Artifact<infer T> ? T : never;

/** A path as a message shows it: relative to the working directory when inside it. */
function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : file;
}

/** Reads and validates one artifact file wherever it lives (a certificate sits outside any run directory). */
export function readArtifactFile<T>(artifact: Artifact<T>, file: string): T {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ArtifactMissingError(shown(file), error);
  }
  return parseArtifactText(artifact, shown(file), text);
}

/**
 * The run directory as the stages see it (Jepsen's store): every artifact is read through here, validated against its
 * schema (older versions migrated), and written through here, atomically.
 */
export class RunDir {
  readonly paths: RunPaths;

  constructor(paths: RunPaths) {
    this.paths = paths;
  }

  /** Creates `<runsDir>/<runId>/ledger` and points `<runsDir>/latest` at it. */
  static create(runsDir: string, runId: string): RunDir {
    return new RunDir(createRunDir(runsDir, runId));
  }

  /** `latest`, a run ID under runsDir, or a path to a run directory. */
  static open(runsDir: string, ref: string, cwd: string = process.cwd()): RunDir {
    return new RunDir(resolveRunDir(runsDir, ref, cwd));
  }

  static at(dir: string): RunDir {
    return new RunDir(runPaths(dir));
  }

  get dir(): string {
    return this.paths.dir;
  }

  /** The one run ID of this run: the directory's name, which every artifact's runId repeats. */
  get runId(): string {
    return this.paths.runId;
  }

  fileOf(name: RunArtifactName): string {
    return join(this.paths.dir, runArtifacts[name].file);
  }

  has(name: RunArtifactName): boolean {
    return existsSync(this.fileOf(name));
  }

  /** The artifact, validated; ArtifactMissingError when absent, ArtifactInvalidError / ArtifactVersionError when broken. */
  read<K extends RunArtifactName>(name: K): RunArtifact<K> {
    return readArtifactFile(runArtifacts[name] as Artifact<RunArtifact<K>>, this.fileOf(name));
  }

  /** Like read, but null when the file is absent (a stage that did not run); a broken file still throws. */
  readIfPresent<K extends RunArtifactName>(name: K): RunArtifact<K> | null {
    return this.has(name) ? this.read(name) : null;
  }

  write<K extends RunArtifactName>(name: K, value: RunArtifact<K>): void {
    this.put(this.fileOf(name), (file) => writeJsonAtomic(file, value));
  }

  /**
   * Every write into the run directory: never into a folder made anew (the atomic write makes missing folders, which
   * would hide a run directory deleted mid-run behind a fresh empty one), and an OS error becomes a RunDirWriteError
   * naming the file, the folder and the error.
   */
  private put(file: string, write: (file: string) => void): void {
    const { dir } = this.paths;
    if (!existsSync(dir)) {
      const gone: NodeJS.ErrnoException = new Error(`ENOENT: no such file or directory, '${dir}'`);
      gone.code = "ENOENT";
      throw new RunDirWriteError(dir, basename(file), gone, true);
    }
    try {
      write(file);
    } catch (error) {
      throw new RunDirWriteError(dir, relative(dir, file), error, !existsSync(dir));
    }
  }

  /** chaos.json's windows (version 1 files, a bare array, are migrated). */
  readChaos(): ChaosWindow[] {
    return this.readIfPresent("chaos")?.windows ?? [];
  }

  writeChaos(windows: ChaosWindow[]): void {
    this.write("chaos", { schemaVersion: 2, windows });
  }

  /** A segment's summary goes beside the shared ledger as load-summary.sIofN.json; a whole run's as load-summary.json. */
  writeLoadSummary(summary: LoadSummary, segment: { index: number; count: number } | null): void {
    const file = segment === null ? this.fileOf("loadSummary") : join(this.paths.dir, segmentSummaryName(segment));
    this.put(file, (f) => writeJsonAtomic(f, summary));
  }

  /** The segments' own summaries, in segment order. */
  readSegmentSummaries(): LoadSummary[] {
    if (!existsSync(this.paths.dir)) return [];
    return readdirSync(this.paths.dir)
      .map((name) => ({ name, match: segmentSummaryPattern.exec(name) }))
      .filter((f) => f.match !== null)
      .sort((a, b) => Number(a.match?.[1]) - Number(b.match?.[1]))
      .map((f) => readArtifactFile(loadSummaryArtifact, join(this.paths.dir, f.name)));
  }

  /** samples.ndjson, or no samples when the sampler never wrote; torn lines counted in badLines. */
  readSamples(): { samples: QueueSample[]; badLines: number } {
    if (!existsSync(this.paths.samples)) return { samples: [], badLines: 0 };
    return parseSamplesText(readFileSync(this.paths.samples, "utf8"), shown(this.paths.samples));
  }

  /** A rendered report file (HTML, Markdown, JUnit) in the run directory, atomically. */
  writeText(file: string, content: string): void {
    this.put(file, (f) => writeFileAtomic(f, content));
  }
}
