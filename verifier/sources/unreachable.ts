// Whether a source's read failed because its endpoint did not answer (connection refused, DNS, timeout), as opposed
// to answering with an error or being read only in part: the former is exit 3, "unreachable".
const networkCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_SOCKET",
]);
const networkNames = new Set(["TimeoutError", "RequestTimeout", "ConnectTimeoutError"]);

export function isUnreachable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 4) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && networkCodes.has(code)) return true;
  if (networkNames.has(error.name)) return true;
  return isUnreachable((error as { cause?: unknown }).cause, depth + 1);
}
