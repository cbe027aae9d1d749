// The HTTP channel's request authentication, per shard: a source kept fresh in the background (refresh.ts) and the
// header lines each request carries, built synchronously on the send path.
//
// Each shard (worker thread) runs its own refresher rather than the main thread refreshing and posting to the shards:
// the send path then depends on nothing but its own thread (a main thread busy with progress and thresholds cannot
// delay a token), a shard is prepared exactly as a payload module is (loaded in the worker, before time 0), and no
// message protocol between threads has to carry credentials. The cost: one token fetch per shard per lifetime, a
// handful of requests an hour for a one-hour token.
import type { ResolvedTarget } from "../../../contracts/target.ts";
import { credentialSource } from "./credentials.ts";
import { clientCredentialsToken } from "./oauth2.ts";
import { Refresher } from "./refresh.ts";
import { type SigningCredentials, SigV4Signer } from "./sigv4.ts";
import { fetchHeaderLines, loadTokenFunction } from "./token.ts";

type HttpTarget = NonNullable<ResolvedTarget["http"]>;

/** How long a shard waits for its first credential before time 0; past it, the refresh goes on in the background. */
const firstFetchWaitMs = 15_000;

export interface RequestAuth {
  /** Header lines for one request (each ending CRLF); "" when no valid credential is held (sent without auth). */
  lines(id: string, body: string, now: number): string;
  /** Why requests may be going out without auth (the last failed refresh), for a refused message's reason. */
  readonly problem: string | undefined;
  close(): void;
}

/** Where the message ID goes in the URL while the signer parses it (as http.ts's own slot). */
export const authIdSlot = "harness-auth-id-slot-5c1e";

class HeaderAuth implements RequestAuth {
  private header = "";
  readonly refresher: Refresher<string>;

  constructor(fetch: () => ReturnType<typeof fetchHeaderLines>) {
    this.refresher = new Refresher(fetch, (value) => {
      this.header = value ?? "";
    });
  }

  lines(_id: string, _body: string, _now: number): string {
    // Reading `current` drops an expired token.
    return this.refresher.current === undefined ? "" : this.header;
  }

  get problem(): string | undefined {
    return this.refresher.problem;
  }

  close(): void {
    this.refresher.close();
  }
}

class SignedAuth implements RequestAuth {
  readonly refresher: Refresher<SigningCredentials>;
  private readonly signer: SigV4Signer;

  constructor(signer: SigV4Signer, fetch: ReturnType<typeof credentialSource>) {
    this.signer = signer;
    this.refresher = new Refresher(fetch, (value) => {
      signer.credentials = value;
    });
  }

  lines(id: string, body: string, now: number): string {
    if (this.refresher.current === undefined) return "";
    return this.signer.lines(id, body, now);
  }

  get problem(): string | undefined {
    return this.refresher.problem;
  }

  close(): void {
    this.refresher.close();
  }
}

/** The target's auth with its first credential fetched (or the wait over), or undefined when it has none. */
export async function startRequestAuth(
  target: Pick<ResolvedTarget, "aws"> & { http: HttpTarget },
  waitMs = firstFetchWaitMs,
): Promise<RequestAuth | undefined> {
  const auth = target.http.auth;
  if (auth === undefined) return undefined;
  let made: HeaderAuth | SignedAuth;
  if (auth.type === "sigv4") {
    const url = new URL(target.http.url.replaceAll("{{id}}", authIdSlot));
    const host = Object.entries(target.http.headers).find(([name]) => name.toLowerCase() === "host")?.[1] ?? url.host;
    const signer = new SigV4Signer({
      method: target.http.method,
      url: url.href,
      host,
      slot: authIdSlot,
      region: auth.region ?? target.aws.region,
      service: auth.service,
    });
    made = new SignedAuth(signer, credentialSource(target.aws));
  } else if (auth.type === "token") {
    const module = auth.module;
    let loaded: ReturnType<typeof loadTokenFunction> | undefined;
    made = new HeaderAuth(async () => {
      loaded ??= loadTokenFunction(module);
      return fetchHeaderLines(await loaded, `token module ${module}`);
    });
  } else {
    const fn = clientCredentialsToken(auth);
    made = new HeaderAuth(() => fetchHeaderLines(fn, "oauth2"));
  }
  await made.refresher.start(waitMs);
  return made;
}

/** Made-up keys for the warm-up: it signs against a loopback stub that checks nothing. */
const warmKeys = { accessKeyId: "AKIAWARMUPWARMUPWARM", secretAccessKey: "warm-up/not/a/secret/0000000000000000000" };

/**
 * The target's kind of auth with made-up credentials, for the warm-up: the same classes and methods as the run's, so
 * the signing or header path is optimised before time 0 (the hot-path rule, loadtests/engine/README.md).
 */
export async function warmRequestAuth(
  target: Pick<ResolvedTarget, "aws"> & { http: HttpTarget },
): Promise<RequestAuth | undefined> {
  const auth = target.http.auth;
  if (auth === undefined) return undefined;
  if (auth.type === "sigv4")
    return startRequestAuth({ ...target, aws: { ...target.aws, staticCredentials: warmKeys } }, 1_000);
  const made = new HeaderAuth(async () => ({
    value: "authorization: Bearer warm-up\r\n",
    expiresAt: Number.POSITIVE_INFINITY,
  }));
  await made.refresher.start(1_000);
  return made;
}
