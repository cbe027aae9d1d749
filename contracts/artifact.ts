// One artifact of the run directory: its file name, its current schema and version, and how older versions migrate.
import type { z } from "zod";
import { ArtifactInvalidError, ArtifactVersionError } from "./errors.ts";
import { describeIssues } from "./issues.ts";

/** Reads version `from` (validated by its own schema, so errors name the old file's fields) into version from + 1. */
export interface Migration {
  from: number;
  schema: z.ZodType;
  up: (old: never) => unknown;
}

export interface Artifact<T> {
  /** File name inside the run directory (for messages and paths). */
  file: string;
  version: number;
  schema: z.ZodType<T>;
  /** Oldest first; each lifts one version. */
  migrations: readonly Migration[];
  /** The version of a raw value; schemaVersion unless the file's shape has none (a bare array, NDJSON). */
  versionOf?: (raw: unknown) => unknown;
}

export function defineArtifact<T>(artifact: Artifact<T>): Artifact<T> {
  return artifact;
}

function parseWith<S extends z.ZodType>(schema: S, file: string, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new ArtifactInvalidError(file, describeIssues(parsed.error), parsed.error);
  return parsed.data;
}

/** Validates a parsed JSON value against the artifact, migrating an older version; `file` names it in errors. */
export function decodeArtifact<T>(artifact: Artifact<T>, file: string, raw: unknown): T {
  const version = artifact.versionOf?.(raw) ?? (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version !== "number" || !Number.isInteger(version)) {
    const got = version === undefined ? "nothing" : typeof version;
    throw new ArtifactInvalidError(file, [`schemaVersion: expected an integer, got ${got}`]);
  }
  const oldest = artifact.migrations[0]?.from ?? artifact.version;
  if (version > artifact.version || version < oldest)
    throw new ArtifactVersionError(file, version, artifact.version, oldest);
  let value: unknown = raw;
  for (const migration of artifact.migrations) {
    if (migration.from < version) continue;
    value = migration.up(parseWith(migration.schema, file, value) as never);
  }
  return parseWith(artifact.schema, file, value);
}

/** JSON text to the artifact's current shape; text that is not JSON is an invalid artifact too. */
export function parseArtifactText<T>(artifact: Artifact<T>, file: string, text: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ArtifactInvalidError(
      file,
      [`not JSON (${error instanceof Error ? error.message : String(error)})`],
      error,
    );
  }
  return decodeArtifact(artifact, file, raw);
}
