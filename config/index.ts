// Public surface for config files: `import { defineConfig, defineScenario, defineToken } from "harness"`.
export { defineConfig, defineScenario } from "./define.ts";
export {
  type DefinedFlow,
  defineFlow,
  type FlowCallOptions,
  type FlowCallResult,
  type FlowContext,
  type FlowFunction,
  type FlowHttpResponse,
  type FlowMessage,
  type FlowResult,
} from "./flow.ts";
export { definePayload, type PayloadContext, type PayloadFunction, type PayloadWithHeaders } from "./payload.ts";
export type { HarnessConfig, HarnessConfigInput } from "./schema.ts";
export type { ScenarioConfig, ScenarioInput } from "./schema-scenario.ts";
export type { TargetConfig, TargetInput } from "./schema-target.ts";
export { defineToken, type TokenFunction, type TokenResult } from "./token.ts";
