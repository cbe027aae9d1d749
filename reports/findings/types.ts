// The findings' types live in contracts/ (result.json carries them); re-exported for the findings' own modules.
export type * from "../../contracts/findings.ts";
