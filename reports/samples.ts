// samples.ndjson's line format and parser live in contracts/ (contracts/samples.ts); re-exported for the sampler.
export { formatSample, parseSamplesText as parseSamples, type QueueSample } from "../contracts/samples.ts";
