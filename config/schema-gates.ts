// Schema of the gates a run is judged by: defined in contracts/ (plan.json keeps them), used by the config as is.
export {
  defaultMaxUnknownShare,
  type GatesConfig,
  type GatesInput,
  gatesSchema,
  mergeGates,
  type TargetGates,
  targetGatesSchema,
} from "../contracts/gates.ts";
