// The token module of `http.auth: { type: "token", module }`: its default export returns the headers each request
// carries and when they stop working; the engine calls it before the load and again before `expiresAt`.

/** What a token module's default export returns. `expiresAt`: epoch ms or a Date; left out, the token never expires. */
export interface TokenResult {
  headers: Record<string, string>;
  expiresAt?: number | Date;
}

export type TokenFunction = () => TokenResult | Promise<TokenResult>;

/** Typed identity helper for a token module's default export. */
export function defineToken(fn: TokenFunction): TokenFunction {
  return fn;
}
