// Which proxy an HTTP target goes through: the scheme's variable (lower case first), loopback never, NO_PROXY's hosts,
// domains and ports; user info becomes a Proxy-Authorization header and is never shown.
import { describe, expect, it } from "vitest";
import { connectRequest, proxyFor } from "../../loadtests/engine/channels/http-route.ts";

const env = { HTTPS_PROXY: "http://proxy.corp:3128", HTTP_PROXY: "http://plain.corp:8080" };
const via = (url: string, extra: Record<string, string> = {}) => proxyFor(new URL(url), { ...env, ...extra })?.host;

describe("proxyFor", () => {
  it("takes the scheme's variable, lower case first", () => {
    expect(via("https://api.example.test/orders")).toBe("proxy.corp");
    expect(via("http://api.example.test/orders")).toBe("plain.corp");
    expect(via("https://api.example.test/", { https_proxy: "http://lower.corp:1" })).toBe("lower.corp");
    expect(proxyFor(new URL("https://api.example.test/"), {})).toBeUndefined();
  });

  it("never proxies loopback", () => {
    for (const url of ["https://127.0.0.1:8443/", "https://localhost/", "http://[::1]:80/", "https://a.localhost/"])
      expect(via(url)).toBeUndefined();
  });

  it("NO_PROXY: *, hosts with their subdomains, a leading dot or *., a port", () => {
    expect(via("https://api.example.test/", { NO_PROXY: "*" })).toBeUndefined();
    expect(via("https://api.example.test/", { NO_PROXY: "other.test, example.test" })).toBeUndefined();
    expect(via("https://api.example.test/", { no_proxy: ".example.test" })).toBeUndefined();
    expect(via("https://api.example.test/", { NO_PROXY: "*.example.test" })).toBeUndefined();
    expect(via("https://api.example.test/", { NO_PROXY: "api.example.test:443" })).toBeUndefined();
    expect(via("https://api.example.test/", { NO_PROXY: "api.example.test:8443" })).toBe("proxy.corp");
    expect(via("https://notexample.test/", { NO_PROXY: "example.test" })).toBe("proxy.corp");
    expect(via("https://10.1.2.3/", { NO_PROXY: "10.1.2.3" })).toBeUndefined();
  });

  it("user info becomes Proxy-Authorization in the CONNECT request, not in what is shown", () => {
    const proxy = proxyFor(new URL("https://api.example.test/"), { HTTPS_PROXY: "http://me:s%40cret@proxy.corp:3128" });
    expect(proxy?.shown).toBe("http://proxy.corp:3128");
    expect(connectRequest(proxy as NonNullable<typeof proxy>, "api.example.test", 443)).toBe(
      `CONNECT api.example.test:443 HTTP/1.1\r\nhost: api.example.test:443\r\nproxy-authorization: Basic ${Buffer.from("me:s@cret").toString("base64")}\r\n\r\n`,
    );
  });
});
