// EventBridge event patterns as the stand-in matches them.
import { describe, expect, it } from "vitest";
import { type EventPattern, matchesPattern } from "../../local/app/eventbridge/pattern.ts";

const event = {
  source: "harness.load",
  "detail-type": "OrderPlaced",
  detail: { id: "r-1", amount: 42, tags: ["a", "b"], channel: "web" },
};

describe("matchesPattern", () => {
  it.each<[string, EventPattern, boolean]>([
    ["empty pattern", {}, true],
    ["source and detail-type", { source: ["harness.load"], "detail-type": ["OrderPlaced"] }, true],
    ["one of several values", { source: ["x", "harness.load"] }, true],
    ["wrong source", { source: ["other"] }, false],
    ["nested detail field", { detail: { channel: ["web"] } }, true],
    ["nested mismatch", { detail: { channel: ["mobile"] } }, false],
    ["missing field", { detail: { missing: ["x"] } }, false],
    ["array value matches any element", { detail: { tags: ["b"] } }, true],
    ["prefix", { source: [{ prefix: "harness." }] }, true],
    ["suffix", { "detail-type": [{ suffix: "Placed" }] }, true],
    ["anything-but", { detail: { channel: [{ "anything-but": ["mobile"] }] } }, true],
    ["anything-but excludes", { detail: { channel: [{ "anything-but": "web" }] } }, false],
    ["exists true", { detail: { id: [{ exists: true }] } }, true],
    ["exists false", { detail: { nope: [{ exists: false }] } }, true],
    ["numeric range", { detail: { amount: [{ numeric: [">", 10, "<=", 42] }] } }, true],
    ["numeric out of range", { detail: { amount: [{ numeric: ["<", 10] }] } }, false],
  ])("%s", (_name, pattern, expected) => {
    expect(matchesPattern(event, pattern)).toBe(expected);
  });
});
