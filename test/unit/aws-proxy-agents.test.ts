// The SDK handler's agents: plain pools when no proxy variable is set (nothing changes for the local target or a run
// without a proxy), routing agents when one is, a proxy variable that is no URL refused when the clients are built.
import { describe, expect, it } from "vitest";
import { clientConfig } from "../../aws/clients.ts";
import { AwsProxyError } from "../../aws/errors.ts";
import { RoutedHttpAgent, RoutedHttpsAgent, sdkAgents } from "../../aws/proxy-agents.ts";

const pool = { keepAlive: true as const, maxSockets: 8 };

describe("sdkAgents", () => {
  it("no proxy variable (or only NO_PROXY): the pool options themselves, for the SDK to build its own agents", () => {
    expect(sdkAgents(pool, {})).toEqual({ httpAgent: pool, httpsAgent: pool });
    expect(sdkAgents(pool, { NO_PROXY: "*", HTTPS_PROXY: " " })).toEqual({ httpAgent: pool, httpsAgent: pool });
  });

  it("a proxy variable: routing agents for both schemes, destroyed with the client", () => {
    const agents = sdkAgents(pool, { https_proxy: "http://proxy.corp:3128" });
    expect(agents.httpAgent).toBeInstanceOf(RoutedHttpAgent);
    expect(agents.httpsAgent).toBeInstanceOf(RoutedHttpsAgent);
    (agents.httpAgent as RoutedHttpAgent).destroy();
    (agents.httpsAgent as RoutedHttpsAgent).destroy();
  });

  it("a proxy variable that is no proxy URL: AwsProxyError (exit 4) naming the variable, no password shown", () => {
    const attempt = () => sdkAgents(pool, { HTTP_PROXY: "ftp://me:hunter2@proxy.corp" });
    expect(attempt).toThrow(AwsProxyError);
    expect(attempt).toThrow("HTTP_PROXY is not a usable proxy URL (ftp://***@proxy.corp)");
  });

  it("clientConfig hands them to the SDK's request handler", () => {
    const config = clientConfig({ region: "eu-west-1", maxSockets: 8 }, "sqs", { HTTPS_PROXY: "proxy.corp:3128" });
    expect(config.requestHandler.httpsAgent).toBeInstanceOf(RoutedHttpsAgent);
    expect(clientConfig({ region: "eu-west-1", maxSockets: 8 }, "sqs", {}).requestHandler.httpsAgent).toEqual(pool);
  });
});
