// Brings a run directory that segments uploaded to S3 (`<prefix>/<runId>/...`) down to the local runs folder, for one verify.

import { join, normalize } from "node:path";
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { writeFileAtomic } from "../../common/atomic-write.ts";
import type { Output } from "../../common/output.ts";
import { isRunId } from "../../common/run-id.ts";
import { VerifyUsageError } from "../errors.ts";

export interface S3RunLocation {
  bucket: string;
  /** Key prefix ending in `/`, its last folder a run ID. */
  prefix: string;
  runId: string;
}

export function parseS3RunUrl(url: string): S3RunLocation {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.*)$/.exec(url);
  const prefix = m?.[2] === undefined ? "" : m[2].endsWith("/") ? m[2] : `${m[2]}/`;
  const runId =
    prefix
      .split("/")
      .filter((p) => p !== "")
      .pop() ?? "";
  if (m?.[1] === undefined || !isRunId(runId)) {
    throw new VerifyUsageError(
      `--ledgers ${url} is not an s3:// prefix ending in a run ID.`,
      "Use the folder the segments uploaded, e.g. s3://my-bucket/harness/20261126T154200Z-k3j9x2q1/ (see `harness export k8s --s3`).",
    );
  }
  return { bucket: m[1], prefix, runId };
}

/** Downloads every object under the prefix into dest, keeping the folder layout; returns how many. */
export async function downloadS3Run(
  s3: S3Client,
  location: S3RunLocation,
  dest: string,
  output: Output,
): Promise<number> {
  let token: string | undefined;
  let count = 0;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: location.bucket, Prefix: location.prefix, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) {
      const key = object.Key;
      if (key === undefined || key.endsWith("/")) continue;
      const relative = normalize(key.slice(location.prefix.length));
      if (relative.startsWith("..")) continue;
      const body = await s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: key }));
      const bytes = await body.Body?.transformToByteArray();
      const file = join(dest, relative);
      writeFileAtomic(file, bytes ?? new Uint8Array());
      count++;
    }
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  output.err(
    `[verify] downloaded ${count} file(s) of run ${location.runId} from s3://${location.bucket}/${location.prefix}`,
  );
  return count;
}
