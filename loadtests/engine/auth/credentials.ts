// AWS credentials for SigV4 signing: the target's fixed ones (the local stack), else the default provider chain
// (environment, profile, SSO, a role), fetched again before their expiration.
import type { AwsClientOptions } from "../../../aws/clients.ts";
import { AuthSourceError } from "./errors.ts";
import type { Fetched } from "./refresh.ts";
import type { SigningCredentials } from "./sigv4.ts";

export function credentialSource(aws: AwsClientOptions): () => Promise<Fetched<SigningCredentials>> {
  const fixed = aws.staticCredentials;
  if (fixed !== undefined) return async () => ({ value: { ...fixed }, expiresAt: Number.POSITIVE_INFINITY });
  let provider:
    | ((options?: { forceRefresh?: boolean }) => Promise<SigningCredentials & { expiration?: Date }>)
    | undefined;
  let first = true;
  return async () => {
    if (provider === undefined) {
      // Loaded only by runs that sign: the chain pulls in the SSO and STS clients.
      const { defaultProvider } = await import("@aws-sdk/credential-provider-node");
      provider = defaultProvider(aws.profile === undefined ? {} : { profile: aws.profile });
    }
    let credentials: SigningCredentials & { expiration?: Date };
    try {
      // After the first call, a refresh must not be answered from the chain's own cache of the expiring ones.
      credentials = await provider(first ? {} : { forceRefresh: true });
    } catch (error) {
      throw new AuthSourceError(
        `sigv4: no AWS credentials from the default chain${aws.profile === undefined ? "" : ` (profile ${aws.profile})`}: ${error instanceof Error ? error.message : String(error)}`,
        error,
      );
    }
    first = false;
    return {
      value: {
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
        sessionToken: credentials.sessionToken,
      },
      expiresAt: credentials.expiration?.getTime() ?? Number.POSITIVE_INFINITY,
    };
  };
}
