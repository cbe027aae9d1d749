// A machine for prerequisite tests: commands answer from a table, packages and files from maps; nothing is run.
import type { ExecResult, Probe } from "../../prereqs/probe.ts";

export type Commands = Record<string, ExecResult>;

export function fakeProbe(
  overrides: Partial<Probe> & { commands?: Commands; files?: Record<string, string> } = {},
): Probe {
  const commands: Commands = {
    "npm --version": { ok: true, stdout: "11.19.1\n", stderr: "" },
    "python3 --version": { ok: true, stdout: "Python 3.11.7\n", stderr: "" },
    "moto_server --help": { ok: true, stdout: "usage: moto_server", stderr: "" },
    "which moto_server": { ok: true, stdout: "/usr/local/bin/moto_server\n", stderr: "" },
    "/opt/py/bin/python -c import moto; print(moto.__version__)": { ok: true, stdout: "5.2.1\n", stderr: "" },
    ...overrides.commands,
  };
  const files: Record<string, string> = {
    "/usr/local/bin/moto_server": "#!/opt/py/bin/python\nimport re\n",
    ...overrides.files,
  };
  const packages: Record<string, string> = { fauxqs: "2.4.1", dynalite: "4.0.0" };
  return {
    env: {},
    nodeVersion: "24.21.0",
    homeDir: "/home/u",
    exec: async (command, args) =>
      commands[[command, ...args].join(" ")] ?? { ok: false, stdout: "", stderr: "not found" },
    packageVersion: (name) => packages[name],
    pinnedVersion: (name) => ({ fauxqs: "2.4.1", dynalite: "4.0.0" })[name],
    fileExists: (path) => path in files,
    readText: (path) => files[path],
    ...overrides,
  };
}
