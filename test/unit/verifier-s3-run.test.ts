// `--ledgers s3://...`: the prefix must end in a run ID, which names the local folder the run comes down to.
import { describe, expect, it } from "vitest";
import { VerifyUsageError } from "../../verifier/errors.ts";
import { parseS3RunUrl } from "../../verifier/sources/s3-run.ts";

describe("parseS3RunUrl", () => {
  it.each([
    ["s3://my-bucket/harness/20261126T154200Z-k3j9x2q1/", "harness/20261126T154200Z-k3j9x2q1/"],
    ["s3://my-bucket/harness/20261126T154200Z-k3j9x2q1", "harness/20261126T154200Z-k3j9x2q1/"],
    ["s3://my-bucket/20261126T154200Z-k3j9x2q1/", "20261126T154200Z-k3j9x2q1/"],
  ])("reads %s", (url, prefix) => {
    expect(parseS3RunUrl(url)).toEqual({ bucket: "my-bucket", prefix, runId: "20261126T154200Z-k3j9x2q1" });
  });

  it.each([
    "s3://my-bucket/harness/",
    "https://my-bucket/20261126T154200Z-k3j9x2q1/",
    "s3://B/20261126T154200Z-k3j9x2q1/",
  ])("refuses %s, saying what it wants", (url) => {
    expect(() => parseS3RunUrl(url)).toThrow(VerifyUsageError);
    expect(() => parseS3RunUrl(url)).toThrow(/ending in a run ID/);
  });
});
