// The reporters by name, in the order they run (json last, so result.json records how the others fared).
import { htmlReporter } from "./html.ts";
import { jsonReporter } from "./json.ts";
import { junitReporter } from "./junit.ts";
import { markdownReporter } from "./markdown.ts";
import type { Reporter } from "./reporter.ts";

export type { Reporter, ReportModel } from "./reporter.ts";

export const reporters: readonly Reporter[] = [htmlReporter, markdownReporter, junitReporter, jsonReporter];

export const reporterNames: readonly string[] = reporters.map((r) => r.name);
