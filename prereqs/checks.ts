// One check per prerequisite of the local target (and of AWS targets): version, status and the exact fix.
import { envValue } from "../common/cli-context.ts";
import type { Probe } from "./probe.ts";
import { atLeast, parseVersion } from "./version.ts";

export type CheckStatus = "ok" | "missing" | "wrong-version" | "warn";

export interface CheckResult {
  name: string;
  /** Required for the embedded local target to run. */
  required: boolean;
  status: CheckStatus;
  version?: string | undefined;
  detail: string;
  fix?: string | undefined;
}

export const motoMinimum = { major: 5, minor: 0 } as const;
export const motoPipCommand = "python3 -m pip install 'moto[server]>=5.0'";

export function checkNode(probe: Probe): CheckResult {
  const version = parseVersion(probe.nodeVersion);
  const ok = version !== undefined && version.major === 24;
  return {
    name: "node",
    required: true,
    status: ok ? "ok" : "wrong-version",
    version: probe.nodeVersion,
    detail: ok ? "Node 24 LTS" : `Node ${probe.nodeVersion} runs this process; the project needs Node 24`,
    fix: ok ? undefined : "Run through npm so the project's Node 24 is used: `npm ci` then `npx harness ...`",
  };
}

export async function checkNpm(probe: Probe): Promise<CheckResult> {
  const result = await probe.exec("npm", ["--version"]);
  const version = result.ok ? parseVersion(result.stdout) : undefined;
  if (version === undefined) {
    return {
      name: "npm",
      required: true,
      status: "missing",
      detail: "npm not found on PATH",
      fix: "Install Node.js with npm (any supported version); npm brings Node 24 itself",
    };
  }
  return { name: "npm", required: true, status: "ok", version: version.text, detail: "package manager" };
}

/** An emulator shipped as a pinned npm dependency (fauxqs, dynalite). */
export function checkPinnedPackage(probe: Probe, name: string, role: string): CheckResult {
  const pinned = probe.pinnedVersion(name);
  const installed = probe.packageVersion(name);
  if (installed === undefined) {
    return { name, required: true, status: "missing", detail: `${role}: not installed`, fix: "npm ci" };
  }
  if (pinned !== undefined && /^\d/.test(pinned) && pinned !== installed) {
    return {
      name,
      required: true,
      status: "wrong-version",
      version: installed,
      detail: `${role}: ${installed} installed, ${pinned} pinned`,
      fix: "npm ci",
    };
  }
  return { name, required: true, status: "ok", version: installed, detail: role };
}

export async function checkPython(probe: Probe): Promise<CheckResult> {
  const result = await probe.exec("python3", ["--version"]);
  const version = result.ok ? parseVersion(result.stdout + result.stderr) : undefined;
  if (version === undefined) {
    return {
      name: "python",
      required: true,
      status: "missing",
      detail: "python3 not found (moto's server needs it)",
      fix: "apt-get install -y python3 python3-pip",
    };
  }
  return { name: "python", required: true, status: "ok", version: version.text, detail: "runs moto's server" };
}

/** moto_server from HARNESS_MOTO or PATH, and the moto version its Python imports. */
export async function checkMoto(probe: Probe): Promise<CheckResult> {
  const fromEnv = envValue(probe.env, "HARNESS_MOTO");
  const command = fromEnv ?? "moto_server";
  const help = await probe.exec(command, ["--help"]);
  if (!help.ok) {
    const where = fromEnv === undefined ? "moto_server not on PATH" : `HARNESS_MOTO=${command} does not run`;
    return {
      name: "moto",
      required: true,
      status: "missing",
      detail: `CloudWatch emulator: ${where}`,
      fix: motoPipCommand,
    };
  }
  const python = await pythonOf(probe, command);
  const result = await probe.exec(python, ["-c", "import moto; print(moto.__version__)"]);
  const version = result.ok ? parseVersion(result.stdout) : undefined;
  if (version === undefined) {
    return {
      name: "moto",
      required: true,
      status: "missing",
      detail: `CloudWatch emulator: ${python} cannot import moto`,
      fix: motoPipCommand,
    };
  }
  if (!atLeast(version, motoMinimum.major, motoMinimum.minor)) {
    return {
      name: "moto",
      required: true,
      status: "wrong-version",
      version: version.text,
      detail: `CloudWatch emulator: moto ${version.text} is older than ${motoMinimum.major}.${motoMinimum.minor}`,
      fix: motoPipCommand,
    };
  }
  return {
    name: "moto",
    required: true,
    status: "ok",
    version: version.text,
    detail: `CloudWatch emulator (${command})`,
  };
}

/** The interpreter in moto_server's shebang, else python3. */
async function pythonOf(probe: Probe, command: string): Promise<string> {
  const which = command.includes("/") ? command : (await probe.exec("which", [command])).stdout.trim();
  const text = which === "" ? undefined : probe.readText(which);
  const shebang = text === undefined ? undefined : /^#!\s*(\S*python[\d.]*)\s*$/m.exec(text.split("\n", 1)[0] ?? "");
  return shebang?.[1] ?? "python3";
}

/** AWS credentials and region, read from env and files only: no network call (no IMDS probe). */
export function checkAwsCredentials(probe: Probe, needed: boolean): CheckResult {
  const env = probe.env;
  const sources: string[] = [];
  if (env.AWS_ACCESS_KEY_ID !== undefined && env.AWS_SECRET_ACCESS_KEY !== undefined) sources.push("environment keys");
  if (env.AWS_PROFILE !== undefined) sources.push(`profile ${env.AWS_PROFILE}`);
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE !== undefined) sources.push("web identity (OIDC)");
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI !== undefined || env.AWS_CONTAINER_CREDENTIALS_FULL_URI !== undefined)
    sources.push("container role");
  const home = probe.homeDir;
  if (home !== "" && probe.fileExists(`${home}/.aws/credentials`)) sources.push("~/.aws/credentials");
  if (home !== "" && probe.fileExists(`${home}/.aws/config`)) sources.push("~/.aws/config");
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const found = sources.length > 0;
  const detail = `${found ? `credentials from ${sources.join(", ")}` : "no credentials found"}; region ${region ?? "from each target's config"}`;
  return {
    name: "aws credentials",
    required: false,
    status: found ? "ok" : needed ? "missing" : "warn",
    detail: needed ? detail : `${detail} (only AWS targets need them)`,
    fix: found ? undefined : "aws sso login --profile <name> (or export AWS_PROFILE); in CI assume a role with OIDC",
  };
}

/**
 * What is checked: everything (no target named; AWS credentials required when the config has AWS targets), or only
 * what one target needs: a local target its emulators, an AWS target its credentials (a CI runner testing AWS has no
 * moto and needs none).
 */
export type CheckScope = { target: "local" } | { target: "aws" } | { target: "any"; awsTargets: boolean };

export async function runChecks(probe: Probe, scope: CheckScope): Promise<CheckResult[]> {
  const base = [checkNode(probe), await checkNpm(probe)];
  const local = async () => [
    checkPinnedPackage(probe, "fauxqs", "SQS emulator"),
    checkPinnedPackage(probe, "dynalite", "DynamoDB emulator"),
    await checkPython(probe),
    await checkMoto(probe),
  ];
  if (scope.target === "aws") return [...base, { ...checkAwsCredentials(probe, true), required: true }];
  if (scope.target === "local") return [...base, ...(await local())];
  return [...base, ...(await local()), checkAwsCredentials(probe, scope.awsTargets)];
}

/** The local target can run when every required check passed. */
export function localTargetReady(results: readonly CheckResult[]): boolean {
  return results.every((r) => !r.required || r.status === "ok");
}
