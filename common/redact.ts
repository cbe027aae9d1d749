// Secrets kept out of every artifact and log line: header values by name and by pattern, URL user info, free text.

/** What a redacted value is replaced with (the name stays, so a reader sees the header was set). */
export const redacted = "[redacted]";

const secretHeaderNames = new Set([
  "authorization",
  "proxy-authorization",
  "x-api-key",
  "cookie",
  "set-cookie",
  "x-amz-security-token",
]);

/** Any header whose name speaks of a token, secret, password, key, credential, session or signature. */
const secretNamePart = /token|secret|passw(or)?d|key|credential|session|signature|auth/i;

/** Values that are secrets whatever the header is called: an auth scheme with its credentials, AWS keys, JWTs. */
const secretValue = [
  /^\s*(bearer|basic|digest|negotiate|aws4-hmac-sha256)\s+\S/i,
  /\b(AKIA|ASIA)[A-Z0-9]{16}\b/,
  /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/,
];

export function isSecretHeader(name: string, value: string): boolean {
  const lower = name.toLowerCase();
  return secretHeaderNames.has(lower) || secretNamePart.test(lower) || secretValue.some((p) => p.test(value));
}

/** The headers with every secret value replaced; the names kept. */
export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, isSecretHeader(name, value) ? redacted : value]),
  );
}

/** A URL with the values of secret-looking query parameters (`?api_key=...`, `?token=...`) replaced. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redactText(url);
  }
  let changed = false;
  for (const [name, value] of [...parsed.searchParams]) {
    if (isSecretHeader(name, value)) {
      parsed.searchParams.set(name, redacted);
      changed = true;
    }
  }
  return changed ? parsed.toString() : url;
}

/** Whether a URL carries a user name or password (`https://user:pass@host/`), which would end up in logs. */
export function hasUserinfo(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username !== "" || parsed.password !== "";
  } catch {
    return /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]*@/i.test(url);
  }
}

export const userinfoMessage =
  "must not hold a user name or password (user:pass@host): send credentials as http.headers, or through the AWS credential chain for AWS endpoints";

/** Free text (an error message, a log line) with secrets that look like secrets cut out. */
export function redactText(text: string): string {
  return text
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/?#\s@]*@/gi, `$1${redacted}@`)
    .replace(/\b(bearer|basic|digest|aws4-hmac-sha256)\s+[A-Za-z0-9._~+/=,:-]+/gi, `$1 ${redacted}`)
    .replace(/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, redacted)
    .replace(/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, redacted);
}
