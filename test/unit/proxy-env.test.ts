// NO_PROXY as curl and Go document it: `*`, host names with their subdomains (leading `.` and `*.`), IP addresses,
// CIDR ranges of IPv4 and IPv6, and `:port` on any of them; loopback never proxied; one rule for every client.
import { describe, expect, it } from "vitest";
import { isLoopback, noProxy, proxyVariableFor } from "../../common/proxy-env.ts";

const exempt = (host: string, port: number, list: string) => noProxy(host, port, { NO_PROXY: list });

describe("noProxy", () => {
  it("is false with no NO_PROXY, or a blank one", () => {
    expect(noProxy("api.example.test", 443, {})).toBe(false);
    expect(noProxy("api.example.test", 443, { NO_PROXY: "  " })).toBe(false);
  });

  it("`*` exempts every host, also among other entries", () => {
    expect(exempt("api.example.test", 443, "*")).toBe(true);
    expect(exempt("10.1.2.3", 80, "example.test, *")).toBe(true);
  });

  it("a host name exempts itself and its subdomains; a leading . or *. is the same; not a longer name", () => {
    expect(exempt("example.test", 443, "example.test")).toBe(true);
    expect(exempt("api.example.test", 443, "example.test")).toBe(true);
    expect(exempt("api.example.test", 443, ".example.test")).toBe(true);
    expect(exempt("example.test", 443, ".example.test")).toBe(true);
    expect(exempt("a.b.example.test", 443, "*.example.test")).toBe(true);
    expect(exempt("notexample.test", 443, "example.test")).toBe(false);
    expect(exempt("API.Example.TEST", 443, "example.test")).toBe(true);
  });

  it("entries are split on commas and white space, lower case NO_PROXY first", () => {
    expect(exempt("b.test", 443, "a.test,b.test")).toBe(true);
    expect(exempt("b.test", 443, " a.test  b.test ")).toBe(true);
    expect(noProxy("b.test", 443, { no_proxy: "b.test", NO_PROXY: "c.test" })).toBe(true);
    expect(noProxy("c.test", 443, { no_proxy: "b.test", NO_PROXY: "c.test" })).toBe(false);
  });

  it("a port limits an entry to that port", () => {
    expect(exempt("api.example.test", 443, "example.test:443")).toBe(true);
    expect(exempt("api.example.test", 8443, "example.test:443")).toBe(false);
    expect(exempt("10.1.2.3", 8080, "10.1.2.3:8080")).toBe(true);
    expect(exempt("10.1.2.3", 80, "10.1.2.3:8080")).toBe(false);
    expect(exempt("2001:db8::1", 443, "[2001:db8::1]:443")).toBe(true);
    expect(exempt("2001:db8::1", 80, "[2001:db8::1]:443")).toBe(false);
  });

  it("an IP address exempts that address only", () => {
    expect(exempt("10.1.2.3", 443, "10.1.2.3")).toBe(true);
    expect(exempt("10.1.2.4", 443, "10.1.2.3")).toBe(false);
    expect(exempt("2001:db8::1", 443, "2001:db8::1")).toBe(true);
    expect(exempt("2001:db8::1", 443, "[2001:db8::1]")).toBe(true);
    expect(exempt("2001:db8::2", 443, "2001:db8::1")).toBe(false);
    // An address matches whole, not as a name's suffix.
    expect(exempt("110.1.2.3", 443, "10.1.2.3")).toBe(false);
    expect(exempt("10.1.2.3", 443, "1.2.3")).toBe(false);
  });

  it("an IPv4 CIDR range exempts every address in it, and nothing outside", () => {
    expect(exempt("10.200.3.4", 443, "10.0.0.0/8")).toBe(true);
    expect(exempt("11.0.0.1", 443, "10.0.0.0/8")).toBe(false);
    expect(exempt("192.168.1.77", 443, "192.168.1.64/26")).toBe(true);
    expect(exempt("192.168.1.128", 443, "192.168.1.64/26")).toBe(false);
    expect(exempt("172.16.0.1", 443, "0.0.0.0/0")).toBe(true);
    expect(exempt("10.1.2.3", 443, "10.1.2.3/32")).toBe(true);
    expect(exempt("::ffff:10.9.9.9", 443, "10.0.0.0/8")).toBe(true);
  });

  it("an IPv6 CIDR range exempts every address in it, and nothing outside", () => {
    expect(exempt("fd12:3456::1", 443, "fd00::/8")).toBe(true);
    expect(exempt("fe80::1", 443, "fd00::/8")).toBe(false);
    expect(exempt("2001:db8:abcd::5", 443, "2001:db8::/32")).toBe(true);
    expect(exempt("2001:db9::5", 443, "2001:db8::/32")).toBe(false);
    expect(exempt("2001:db8::5", 443, "[2001:db8::/32]:443")).toBe(true);
    expect(exempt("2001:db8::5", 80, "[2001:db8::/32]:443")).toBe(false);
  });

  it("a CIDR range is checked against addresses only: a host name is not resolved for it", () => {
    expect(exempt("internal.example.test", 443, "10.0.0.0/8")).toBe(false);
    // Families do not mix, and a prefix longer than the family's is no range.
    expect(exempt("10.1.2.3", 443, "::/0")).toBe(false);
    expect(exempt("10.1.2.3", 443, "10.0.0.0/33")).toBe(false);
  });
});

describe("proxyVariableFor", () => {
  const env = { HTTPS_PROXY: "http://proxy.corp:3128", HTTP_PROXY: "http://plain.corp:8080" };
  const via = (url: string, extra: Record<string, string> = {}) =>
    proxyVariableFor(new URL(url), { ...env, ...extra })?.value;

  it("takes the scheme's variable unless the host is loopback or exempt", () => {
    expect(via("https://sqs.eu-west-1.amazonaws.com/")).toBe("http://proxy.corp:3128");
    expect(via("http://10.0.0.5:4566/")).toBe("http://plain.corp:8080");
    expect(via("http://10.0.0.5:4566/", { NO_PROXY: "10.0.0.0/8" })).toBeUndefined();
    expect(via("http://[fd00::5]:4566/", { NO_PROXY: "fd00::/8" })).toBeUndefined();
    expect(via("https://sqs.eu-west-1.amazonaws.com/", { NO_PROXY: ".amazonaws.com" })).toBeUndefined();
    expect(via("http://sqs.eu-west-1.amazonaws.com:80/", { NO_PROXY: "amazonaws.com:443" })).toBe(
      "http://plain.corp:8080",
    );
  });

  it("never proxies loopback, whatever NO_PROXY says", () => {
    for (const url of [
      "http://127.0.0.1:4566/",
      "http://localhost:4566/",
      "http://[::1]:4566/",
      "https://x.localhost/",
    ])
      expect(via(url)).toBeUndefined();
    expect(isLoopback("::ffff:127.0.0.1")).toBe(true);
    expect(isLoopback("128.0.0.1")).toBe(false);
  });
});
