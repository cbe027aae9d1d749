// Schema of the gates a run is judged by: defined in contracts/ (plan.json keeps them), used by the config as is.
export { type GatesConfig, type GatesInput, gatesSchema } from "../contracts/gates.ts";
