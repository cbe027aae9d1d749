// Brings the whole local stack up (emulators in parallel, resources, then the reference app) and down again, by pid.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createAwsClients } from "../aws/clients.ts";
import { writeJsonAtomic } from "../common/atomic-write.ts";
import { runnableUrl } from "../common/module-url.ts";
import type { LocalTargetConfig } from "../config/schema-target.ts";
import type { AppConfig } from "./app/config.ts";
import { asyncAppConfig } from "./async-app-config.ts";
import { bugModes, bugsRefusedWithTeamConsumer, defaultFaults, faultNames, noBugs, sortControls } from "./controls.ts";
import { freePort } from "./emulators/free-port.ts";
import { type RunningService, type ServiceSpec, startService, stopAndWait } from "./emulators/service.ts";
import { dynaliteSpec, fauxqsSpec, motoSpec } from "./emulators/specs.ts";
import {
  BugModeWithTeamConsumerError,
  LocalAlreadyUpError,
  SagaDefinitionConfigError,
  UnknownControlError,
} from "./errors.ts";
import { checkFunctions, consumerFunction } from "./functions.ts";
import { gatewayAuthConfig } from "./gateway-auth.ts";
import { provision } from "./provision.ts";
import { localCredentials, localRegion } from "./resources.ts";
import {
  isOurs,
  type LocalPaths,
  type LocalState,
  liveness,
  localPaths,
  processStartTicks,
  readState,
  removeState,
  type ServiceRecord,
  writeState,
} from "./state.ts";
import { appStream, provisionStream, refuseProjectionBugs, withStreamProxy } from "./streams-stack.ts";

export interface StartOptions {
  faults?: Record<string, number | string | boolean>;
  bugs?: Record<string, number | string | boolean>;
  /** How often the app puts its metrics to CloudWatch; AWS publishes every minute, we default to 5 s. */
  metricsIntervalMs?: number;
  /** Started by a run for itself: the last run to let go of it stops it (see leases.ts). */
  ephemeral?: boolean;
  log?: (line: string) => void;
}

const appMain = fileURLToPath(runnableUrl(new URL("./app/main.ts", import.meta.url)));

async function appReady(endpoint: string): Promise<boolean> {
  const res = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1000) });
  await res.arrayBuffer();
  return res.status === 200;
}

/** HARNESS_APP_NODE_ARGS adds Node flags to the app processes (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile them). */
function appSpec(role: "api" | "lambda", port: number, configFile: string): ServiceSpec {
  const nodeArgs = (process.env.HARNESS_APP_NODE_ARGS ?? "").split(" ").filter((a) => a !== "");
  return {
    name: role,
    command: process.execPath,
    args: [...nodeArgs, appMain, configFile, role],
    port,
    ready: appReady,
  };
}

function record(service: RunningService): ServiceRecord {
  return {
    name: service.name,
    pid: service.pid,
    startTicks: processStartTicks(service.pid),
    endpoint: service.endpoint,
    logFile: service.logFile,
  };
}

const appRoles: ReadonlySet<string> = new Set(["api", "lambda"]);

/** Stops every service of a state that is still ours: the app first, so it flushes its last metrics to moto. */
export async function stopServices(state: Pick<LocalState, "services">): Promise<void> {
  const ours = state.services.filter(isOurs);
  await Promise.all(ours.filter((s) => appRoles.has(s.name)).map((s) => stopAndWait(s.pid)));
  await Promise.all(ours.filter((s) => !appRoles.has(s.name)).map((s) => stopAndWait(s.pid)));
}

/** A state file left by a crash or a reboot: stop what survived, then forget it. */
async function clearStale(paths: LocalPaths, state: LocalState, log: (line: string) => void): Promise<void> {
  log(`Found a stale local state (started ${state.startedAt}); cleaning it up.`);
  await stopServices(state);
  removeState(paths);
}

function refuseIfRunning(paths: LocalPaths): LocalState | undefined {
  const existing = readState(paths);
  if (existing === undefined) return undefined;
  const live = liveness(existing);
  if (live === "up") {
    throw new LocalAlreadyUpError(
      `The local target is already up (started ${existing.startedAt}, state in ${paths.state}).`,
      existing.services.map((s) => s.pid),
    );
  }
  if (live === "starting") {
    throw new LocalAlreadyUpError(`The local target is being started by process ${existing.ownerPid}.`, [
      existing.ownerPid,
    ]);
  }
  return existing;
}

export async function startStack(
  cwd: string,
  targetName: string,
  target: LocalTargetConfig,
  options: StartOptions = {},
): Promise<LocalState> {
  const began = performance.now();
  const log = options.log ?? (() => undefined);
  const paths = localPaths(cwd);
  const controls = checkControls(options);
  refuseBugsWithTeamConsumer(target, controls.bugs);
  await checkSagaDefinition(target);
  refuseAsyncBugWithoutAsync(target, controls.bugs);
  refuseProjectionBugs(target, controls.bugs);
  const stale = refuseIfRunning(paths);
  for (const loaded of await checkFunctions(target)) log(`Loaded the team's ${loaded}.`);
  if (stale !== undefined) await clearStale(paths, stale, log);

  const state: LocalState = { ...initialState(targetName, target), ...(options.ephemeral ? { ephemeral: true } : {}) };
  writeState(paths, state);
  const track = (service: RunningService) => {
    state.services.push(record(service));
    writeState(paths, state);
    return service;
  };
  // Until the stack is up, a failure undoes every step taken; once up, the stack is moved out and left running.
  await using undo = new AsyncDisposableStack();
  undo.defer(async () => {
    await stopServices(state);
    removeState(paths);
  });

  const ports = await freePorts();
  // Only a target with asyncFunction gets the Invoke API's port: without it, up is as it was.
  const lambdaApiPort = target.asyncFunction === undefined ? undefined : await freePort();
  const apps = startApps(paths, ports, track);
  undo.defer(async () => {
    // App processes still waiting for their config exit at once when told `up` was cancelled.
    if (!existsSync(paths.appConfig)) writeJsonAtomic(paths.appConfig, { cancelled: true });
    await apps;
  });
  const endpoints = await withStreamProxy(target, await startEmulators(paths, ports, track), paths, track);
  log(`Emulators answering after ${Math.round(performance.now() - began)} ms; provisioning.`);
  const aws = createAwsClients({ region: localRegion, staticCredentials: localCredentials, endpoints });
  const resources = await provision(aws, target)
    .then(async (provisioned) => {
      const stream = await provisionStream(aws, target);
      return stream === undefined ? provisioned : { ...provisioned, stream };
    })
    .finally(() => aws.destroy());
  const asyncFunction = asyncAppConfig(target, resources, lambdaApiPort);
  writeJsonAtomic(paths.appConfig, {
    ...appConfigOf({ target, endpoints, ports, resources, controls, options }),
    ...(asyncFunction === undefined ? {} : { asyncFunction }),
  });
  const appFailure = (await apps).find((s) => s.status === "rejected");
  if (appFailure !== undefined) throw appFailure.reason;

  state.status = "up";
  state.endpoints = {
    ...endpoints,
    events: `http://127.0.0.1:${ports.events}`,
    gateway: `http://127.0.0.1:${ports.gateway}`,
    control: `http://127.0.0.1:${ports.control}`,
    ...(resources.saga === undefined ? {} : { sfn: `http://127.0.0.1:${ports.sfn}` }),
    ...(lambdaApiPort === undefined ? {} : { lambda: `http://127.0.0.1:${lambdaApiPort}` }),
  };
  state.resources = resources;
  state.readyMs = Math.round(performance.now() - began);
  writeState(paths, state);
  undo.move();
  return state;
}

/** Faults and bug modes by name; an unknown one, or one given as the wrong kind, is refused before anything starts. */
function checkControls(options: StartOptions): ReturnType<typeof sortControls> {
  const controls = sortControls({ ...options.faults, ...options.bugs });
  const misplaced = [
    ...Object.keys(options.faults ?? {}).filter((k) => k in controls.bugs),
    ...Object.keys(options.bugs ?? {}).filter((k) => k in controls.faults),
  ].map((name) => ({ name, message: "is given as the wrong kind (faults go to --fault, bug modes to --bug)" }));
  if (controls.problems.length + misplaced.length > 0) {
    throw new UnknownControlError([...controls.problems, ...misplaced], [...faultNames, ...bugModes]);
  }
  return controls;
}

/** A team's own ASL file is validated before anything starts (the reference one is checked by the tests). */
async function checkSagaDefinition(target: LocalTargetConfig): Promise<void> {
  const file = target.saga?.definition;
  if (file === undefined) return;
  if (!existsSync(file)) throw new SagaDefinitionConfigError(file, ["does not exist"]);
  // Loaded only for a team's own file: the ASL validator (ajv) is a tenth of every `harness run`'s start otherwise.
  const { definitionProblems } = await import("./app/saga/definition.ts");
  const problems = definitionProblems(readFileSync(file, "utf8"));
  if (problems.length > 0) throw new SagaDefinitionConfigError(file, problems);
}

/** The bug modes live in the reference consumer: with the team's own, they would silently do nothing. */
function refuseBugsWithTeamConsumer(target: LocalTargetConfig, bugs: Record<string, number>): void {
  if (target.functions?.consumer === undefined) return;
  const problems = bugsRefusedWithTeamConsumer(bugs);
  if (problems.length > 0) throw new BugModeWithTeamConsumerError(problems);
}

/** The retry-drop bug lives in the async internal queue: without asyncFunction it would silently do nothing. */
function refuseAsyncBugWithoutAsync(target: LocalTargetConfig, bugs: Record<string, number>): void {
  if (target.asyncFunction !== undefined || (bugs.asyncRetryDrop ?? 0) === 0) return;
  throw new UnknownControlError(
    [{ name: "asyncRetryDrop", message: "is a bug mode of the async function: add asyncFunction: {} to the target" }],
    faultNames,
  );
}

function initialState(targetName: string, target: LocalTargetConfig): LocalState {
  return {
    schemaVersion: 1,
    status: "starting",
    ownerPid: process.pid,
    startedAt: new Date().toISOString(),
    targetName,
    target,
    region: localRegion,
    services: [],
  };
}

interface Ports {
  sqs: number;
  dynamodb: number;
  cloudwatch: number;
  gateway: number;
  events: number;
  control: number;
  lambdaControl: number;
  sfn: number;
}

async function freePorts(): Promise<Ports> {
  const [sqs, dynamodb, cloudwatch, gateway, events, control, lambdaControl, sfn] = await Promise.all(
    Array.from({ length: 8 }, freePort),
  );
  return {
    sqs: sqs ?? 0,
    dynamodb: dynamodb ?? 0,
    cloudwatch: cloudwatch ?? 0,
    gateway: gateway ?? 0,
    events: events ?? 0,
    control: control ?? 0,
    lambdaControl: lambdaControl ?? 0,
    sfn: sfn ?? 0,
  };
}

type Track = (service: RunningService) => RunningService;

/** The app processes load while the emulators start; they wait for app.json, written once provisioned. */
function startApps(paths: LocalPaths, ports: Ports, track: Track): Promise<PromiseSettledResult<RunningService>[]> {
  rmSync(paths.appConfig, { force: true });
  return Promise.allSettled([
    startService(appSpec("api", ports.control, paths.appConfig), paths.log("api")).then(track),
    startService(appSpec("lambda", ports.lambdaControl, paths.appConfig), paths.log("lambda")).then(track),
  ]);
}

/** fauxqs, dynalite and moto at once; the first that fails to start fails the stack. */
async function startEmulators(paths: LocalPaths, ports: Ports, track: Track): Promise<AppConfig["endpoints"]> {
  const started = await Promise.allSettled([
    startService(fauxqsSpec(ports.sqs, localRegion), paths.log("fauxqs")).then(track),
    startService(dynaliteSpec(ports.dynamodb), paths.log("dynalite")).then(track),
    startService(motoSpec(ports.cloudwatch), paths.log("moto")).then(track),
  ]);
  const failure = started.find((s) => s.status === "rejected");
  if (failure !== undefined) throw failure.reason;
  const [sqs, dynamodb, cloudwatch] = started.map((s) => (s.status === "fulfilled" ? s.value.endpoint : ""));
  return { sqs: sqs ?? "", dynamodb: dynamodb ?? "", cloudwatch: cloudwatch ?? "" };
}

interface AppConfigInput {
  target: LocalTargetConfig;
  endpoints: AppConfig["endpoints"];
  ports: Ports;
  resources: Awaited<ReturnType<typeof provision>>;
  controls: ReturnType<typeof sortControls>;
  options: StartOptions;
}

function appConfigOf({ target, endpoints, ports, resources, controls, options }: AppConfigInput): AppConfig {
  const consumer = consumerFunction(target);
  const stream = appStream(target, resources.stream);
  return {
    region: localRegion,
    endpoints,
    ports: { gateway: ports.gateway, events: ports.events, control: ports.control, lambdaControl: ports.lambdaControl },
    ingest: { queueUrl: resources.ingestQueueUrl, queueArn: resources.ingestQueueArn },
    events: {
      queueUrl: resources.eventsQueueUrl,
      queueArn: resources.eventsQueueArn,
      targetDlqUrl: resources.eventsTargetDlqUrl,
      busName: resources.busName,
      ruleName: resources.ruleName,
      source: resources.source,
      detailType: resources.detailType,
    },
    table: resources.table,
    functionName: resources.functionName,
    apiName: resources.apiName,
    consumers: {
      batchSize: target.consumers.batchSize,
      maxConcurrency: target.consumers.maxConcurrency,
      visibilityTimeoutSeconds: target.consumers.visibilityTimeoutSeconds,
      ...(target.consumers.processes === undefined ? {} : { processes: target.consumers.processes }),
    },
    faults: { ...defaultFaults(target), ...controls.faults },
    bugs: { ...noBugs(), ...controls.bugs },
    metricsIntervalMs: options.metricsIntervalMs ?? 5_000,
    gatewayAuth: gatewayAuthConfig(target, localRegion),
    ...(consumer === undefined ? {} : { consumerFunction: consumer }),
    ...(resources.saga === undefined
      ? {}
      : {
          saga: {
            ...(target.saga?.definition === undefined ? {} : { definitionFile: target.saga.definition }),
            stateMachineArn: resources.saga.stateMachineArn,
            tables: resources.saga.tables,
            port: ports.sfn,
          },
        }),
    ...(stream === undefined ? {} : { stream }),
  };
}

/** Stops what the state file names and removes it; false when nothing was up. */
export async function stopStack(cwd: string): Promise<boolean> {
  const paths = localPaths(cwd);
  const state = readState(paths);
  if (state === undefined) {
    removeState(paths);
    return false;
  }
  await stopServices(state);
  removeState(paths);
  return true;
}
