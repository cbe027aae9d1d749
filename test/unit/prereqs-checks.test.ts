// Prerequisite detection with a fake machine: present, absent and wrong version for each prerequisite.

import { describe, expect, it } from "vitest";
import { memoryOutput } from "../../common/output.ts";
import { motoSpec } from "../../local/emulators/specs.ts";
import {
  checkAwsCredentials,
  checkMoto,
  checkNode,
  checkPinnedPackage,
  checkPython,
  localTargetReady,
  runChecks,
} from "../../prereqs/checks.ts";
import { doctor } from "../../prereqs/doctor.ts";
import { fakeProbe } from "../support/fake-probe.ts";

describe("prerequisite checks", () => {
  it("finds everything present on a ready machine", async () => {
    const results = await runChecks(fakeProbe(), { target: "any", awsTargets: false });
    expect(results.map((r) => [r.name, r.status, r.version])).toEqual([
      ["node", "ok", "24.21.0"],
      ["npm", "ok", "11.19.1"],
      ["fauxqs", "ok", "2.4.1"],
      ["dynalite", "ok", "4.0.0"],
      ["python", "ok", "3.11.7"],
      ["moto", "ok", "5.2.1"],
      ["aws credentials", "warn", undefined],
    ]);
    expect(localTargetReady(results)).toBe(true);
  });

  it("says Node 20 is the wrong version and how to get 24", () => {
    expect(checkNode(fakeProbe({ nodeVersion: "20.20.2" }))).toMatchObject({
      status: "wrong-version",
      fix: expect.stringContaining("npx harness"),
    });
  });

  it("finds an emulator package absent, and one that differs from its pin", () => {
    expect(checkPinnedPackage(fakeProbe({ packageVersion: () => undefined }), "fauxqs", "SQS")).toMatchObject({
      status: "missing",
      fix: "npm ci",
    });
    expect(checkPinnedPackage(fakeProbe({ packageVersion: () => "2.3.0" }), "fauxqs", "SQS")).toMatchObject({
      status: "wrong-version",
      version: "2.3.0",
      detail: "SQS: 2.3.0 installed, 2.4.1 pinned",
    });
  });

  it("finds python absent", async () => {
    const probe = fakeProbe({ commands: { "python3 --version": { ok: false, stdout: "", stderr: "" } } });
    expect(await checkPython(probe)).toMatchObject({ status: "missing", fix: expect.stringContaining("apt-get") });
  });

  it("finds moto absent and gives the exact pip command", async () => {
    const probe = fakeProbe({ commands: { "moto_server --help": { ok: false, stdout: "", stderr: "" } } });
    expect(await checkMoto(probe)).toMatchObject({
      status: "missing",
      fix: "python3 -m pip install 'moto[server]>=5.0'",
    });
  });

  it("finds moto too old", async () => {
    const probe = fakeProbe({
      commands: {
        "/opt/py/bin/python -c import moto; print(moto.__version__)": { ok: true, stdout: "4.2.14\n", stderr: "" },
      },
    });
    expect(await checkMoto(probe)).toMatchObject({ status: "wrong-version", version: "4.2.14" });
  });

  it("uses HARNESS_MOTO when set, and says so when it does not run", async () => {
    const probe = fakeProbe({ env: { HARNESS_MOTO: "/nowhere/moto_server" } });
    expect(await checkMoto(probe)).toMatchObject({
      status: "missing",
      detail: "CloudWatch emulator: HARNESS_MOTO=/nowhere/moto_server does not run",
    });
  });

  it("treats HARNESS_MOTO set to the empty string as not set (it was an internal error)", async () => {
    const probe = fakeProbe({
      env: { HARNESS_MOTO: "" },
      commands: { "moto_server --help": { ok: false, stdout: "", stderr: "" } },
    });
    expect(await checkMoto(probe)).toMatchObject({
      status: "missing",
      detail: "CloudWatch emulator: moto_server not on PATH",
    });
    expect(motoSpec(4566, { HARNESS_MOTO: "" }).command).toBe("moto_server");
  });

  it("requires AWS credentials only when the config has AWS targets, and reads no secret", () => {
    expect(checkAwsCredentials(fakeProbe(), true)).toMatchObject({ status: "missing", required: false });
    const withKeys = fakeProbe({
      env: { AWS_ACCESS_KEY_ID: "AKIAEXAMPLE", AWS_SECRET_ACCESS_KEY: "s3cr3t-value", AWS_REGION: "eu-west-1" },
    });
    const result = checkAwsCredentials(withKeys, true);
    expect(result).toMatchObject({ status: "ok", detail: "credentials from environment keys; region eu-west-1" });
    expect(JSON.stringify(result)).not.toContain("s3cr3t-value");
  });

  it("doctor prints one line per prerequisite with its fix, and is not ready when one is missing", async () => {
    const output = memoryOutput();
    const probe = fakeProbe({ packageVersion: (name) => (name === "dynalite" ? undefined : "2.4.1") });
    const { ready } = await doctor(probe, output, { target: "any", awsTargets: false });
    expect(ready).toBe(false);
    const text = output.stdout.join("\n");
    expect(text).toMatch(/^dynalite +- +MISSING +DynamoDB emulator: not installed\n +fix: npm ci$/m);
    expect(text).toContain("Not ready");
  });

  it("doctor --target of an AWS target checks its credentials, not the local emulators (a CI runner has no moto)", async () => {
    const noMoto = { commands: { "moto_server --help": { ok: false, stdout: "", stderr: "" } } };
    const withRole = fakeProbe({ ...noMoto, env: { AWS_WEB_IDENTITY_TOKEN_FILE: "/token", AWS_REGION: "eu-west-1" } });
    const output = memoryOutput();
    const aws = await doctor(withRole, output, { target: "aws" }, "prod-like");
    expect(aws.ready).toBe(true);
    expect(aws.results.map((r) => r.name)).toEqual(["node", "npm", "aws credentials"]);
    expect(output.stdout.join("\n")).toContain('Ready: target "prod-like" can run.');
    const without = await doctor(fakeProbe(noMoto), memoryOutput(), { target: "aws" }, "prod-like");
    expect(without.ready).toBe(false);
    const local = await doctor(fakeProbe(noMoto), memoryOutput(), { target: "local" }, "local");
    expect([local.ready, local.results.map((r) => r.name)]).toEqual([
      false,
      ["node", "npm", "fauxqs", "dynalite", "python", "moto"],
    ]);
  });
});
