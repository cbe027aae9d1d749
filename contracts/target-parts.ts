// Schemas of what a target points at (queues, DLQs, sink tables, metric queries, the HTTP and EventBridge entry
// points): shared by the user's config and by the resolved target stored in plan.json.
import jmespath from "jmespath";
import { z } from "zod";
import { hasUserinfo, userinfoMessage } from "../common/redact.ts";
import { headerNamePattern, headerValueProblem } from "./http-field.ts";

export const sqsQueueUrl = z
  .string()
  .regex(/^https?:\/\/[^/\s]+\/\d{12}\/[A-Za-z0-9_-]{1,80}(\.fifo)?$/, "must be an SQS queue URL")
  .refine((url) => !hasUserinfo(url), userinfoMessage);

/** A JMESPath expression, checked when the config loads rather than on the first message. */
const jmesPath = z
  .string()
  .min(1)
  .superRefine((expression, ctx) => {
    try {
      jmespath.compile(expression);
    } catch (error) {
      ctx.addIssue({
        code: "custom",
        message: `is not a JMESPath expression (${error instanceof Error ? error.message : String(error)})`,
      });
    }
  });

/** A regular expression with a capture group for the ID. */
const idRegex = z.string().superRefine((source, ctx) => {
  let groups: number;
  try {
    groups = (new RegExp(`${source}|`).exec("")?.length ?? 1) - 1;
  } catch (error) {
    ctx.addIssue({ code: "custom", message: `is not a regular expression (${(error as Error).message})` });
    return;
  }
  if (groups < 1) ctx.addIssue({ code: "custom", message: "needs a capture group around the ID, e.g. ^MSG#(.+)$" });
});

/** Per-service endpoint overrides (LocalStack, a mix of emulators): each wins over `endpoint` for its service. */
/** An endpoint URL: user info (`user:pass@`) is refused, as for every URL of a target (secrets go elsewhere). */
const endpointUrl = z
  .url()
  .refine((url) => !hasUserinfo(url), userinfoMessage)
  .optional();

export const awsEndpointsSchema = z.strictObject({
  sqs: endpointUrl,
  dynamodb: endpointUrl,
  events: endpointUrl,
  cloudwatch: endpointUrl,
  s3: endpointUrl,
  fis: endpointUrl,
  sfn: endpointUrl,
  lambda: endpointUrl,
  /** DynamoDB Streams (its own endpoint on AWS; the local stand-in answers on the DynamoDB one). */
  dynamodbstreams: endpointUrl,
});

export const environmentSchema = z.enum(["local", "test", "staging", "production"]);

export const queueSchema = z.strictObject({
  name: z.string().min(1),
  queueUrl: sqsQueueUrl,
});

export const dlqSchema = z.strictObject({
  name: z.string().min(1),
  queueUrl: sqsQueueUrl,
  /** JMESPath over the parsed body that yields the message ID (e.g. `id`, `detail.id`, `requestPayload.id`). */
  idPath: jmesPath.default("id"),
  /**
   * Where to move this run's messages once read (an SQS queue URL), so the DLQ is empty for the next run; the
   * verifier then reads this queue too (without consuming it), so a later re-verification still finds them.
   */
  archiveQueueUrl: sqsQueueUrl.optional(),
});

export const sinkSchema = z.strictObject({
  name: z.string().min(1),
  table: z.string().min(3).max(255),
  /** Attribute that holds the message ID, or a value the ID can be extracted from. */
  idAttribute: z.string().min(1).default("id"),
  /**
   * JMESPath over the whole item (as plain JSON: `{"payload": {"order": {"id": ...}}}`) that yields the ID; it
   * replaces idAttribute, and the Scan then filters on the client (the same read capacity: a filter saves bytes only).
   */
  idPath: jmesPath.optional(),
  /** Regex with one capture group that pulls the ID out of idAttribute or idPath's value (e.g. `^MSG#(.+)$`). */
  idRegex: idRegex.optional(),
  /** When the table is keyed by run: Query this partition key with `{runId}` substituted, else Scan. */
  runPartition: z.strictObject({ attribute: z.string(), value: z.string() }).optional(),
  sentAtAttribute: z.string().optional(),
  processedAtAttribute: z.string().optional(),
  /** A write counter: how many times the pipeline wrote this item; above 1 the message is counted as duplicated. */
  attemptsAttribute: z.string().optional(),
  scanSegments: z.number().int().min(1).max(64).default(4),
  /**
   * A chained sink: the name of the sink this one is fed from (a projection written from that table's stream). A
   * message that reached that sink must reach this one too; the verdict judges each link (see verifier/chain/).
   */
  after: z.string().min(1).optional(),
});

export const metricQuerySchema = z.strictObject({
  id: z.string().regex(/^[a-z][A-Za-z0-9_]*$/, "must start with a lower-case letter (CloudWatch query id)"),
  namespace: z.string().min(1),
  metricName: z.string().min(1),
  dimensions: z.record(z.string(), z.string()).default({}),
  stat: z.string().default("Sum"),
  label: z.string().optional(),
});

/** The name of an environment variable (where a secret is read from at run time, never from the config). */
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name");

/**
 * How each HTTP request is authenticated: signed with SigV4 from the default credential chain, headers from a token
 * module, or an OAuth2 client-credentials token. No secret is written here: only where to find it.
 */
export const httpAuthSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("sigv4"),
    /** The signing name: execute-api for API Gateway, lambda for a function URL. */
    service: z.string().min(1).default("execute-api"),
    /** Default: the target's region (an aws target), else AWS_REGION. */
    region: z.string().min(1).optional(),
  }),
  z.strictObject({
    type: z.literal("token"),
    /** A module whose default export returns `{ headers, expiresAt }` (may be async); relative to the config file. */
    module: z.string().min(1),
  }),
  z.strictObject({
    type: z.literal("oauth2-client-credentials"),
    tokenUrl: z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
      .refine((url) => !hasUserinfo(url), userinfoMessage),
    clientIdEnv: envName,
    clientSecretEnv: envName,
    scope: z.string().min(1).optional(),
  }),
]);

export type HttpAuth = z.infer<typeof httpAuthSchema>;

/** The auth types, for messages that name them. */
export const httpAuthTypes = ["sigv4", "token", "oauth2-client-credentials"] as const;

/**
 * TLS towards an HTTPS target: a private CA to trust (beside the public roots), a client certificate and key for
 * mutual TLS, the name to send and verify. Each PEM comes from a file (`ca`, `cert`, `key`: paths, relative to the
 * config file) or from an environment variable holding the PEM (`caEnv`, `certEnv`, `keyEnv`); only paths and
 * variable names are written to plan.json, never a PEM.
 */
export const httpTlsSchema = z
  .strictObject({
    ca: z.string().min(1).optional(),
    caEnv: envName.optional(),
    cert: z.string().min(1).optional(),
    certEnv: envName.optional(),
    key: z.string().min(1).optional(),
    keyEnv: envName.optional(),
    /** The name sent as SNI and checked against the server's certificate (default: the URL's host name). */
    servername: z.string().min(1).optional(),
    /** false accepts any server certificate: for a test endpoint only. */
    rejectUnauthorized: z.boolean().default(true),
  })
  .superRefine((tls, ctx) => {
    for (const name of ["ca", "cert", "key"] as const)
      if (tls[name] !== undefined && tls[`${name}Env`] !== undefined)
        ctx.addIssue({ code: "custom", path: [name], message: `give ${name} (a file) or ${name}Env, not both` });
    const cert = tls.cert !== undefined || tls.certEnv !== undefined;
    const key = tls.key !== undefined || tls.keyEnv !== undefined;
    if (cert !== key)
      ctx.addIssue({
        code: "custom",
        path: [cert ? "key" : "cert"],
        message: cert
          ? "a client certificate needs its private key: add key (a PEM file) or keyEnv"
          : "a private key needs its client certificate: add cert (a PEM file) or certEnv",
      });
  });

export type HttpTls = z.infer<typeof httpTlsSchema>;

export const httpSchema = z
  .strictObject({
    url: z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
      .refine((url) => !hasUserinfo(url), userinfoMessage),
    method: z.enum(["POST", "PUT"]).default("POST"),
    headers: z
      .record(
        z.string().regex(headerNamePattern, "must be an HTTP header name"),
        z.string().superRefine((value, ctx) => {
          const problem = headerValueProblem(value);
          if (problem !== undefined) ctx.addIssue({ code: "custom", message: `must not hold ${problem}` });
        }),
      )
      .default({}),
    /** JSON body template; `{{id}}` and `{{sentAt}}` are replaced per message. */
    bodyTemplate: z.string().default('{"id":"{{id}}","sentAt":{{sentAt}}}'),
    timeoutMs: z.number().int().positive().default(10_000),
    auth: httpAuthSchema.optional(),
    /** HTTPS only: private CA, client certificate (mutual TLS), server name. */
    tls: httpTlsSchema.optional(),
  })
  .refine((http) => http.tls === undefined || http.url.startsWith("https:"), {
    path: ["tls"],
    message: "applies to an https URL only: remove tls or use https://",
  });

export const eventsSchema = z.strictObject({
  busName: z.string().min(1),
  source: z.string().min(1),
  detailType: z.string().min(1),
});

export type SinkConfig = z.infer<typeof sinkSchema>;
export type DlqConfig = z.infer<typeof dlqSchema>;
export type QueueConfig = z.infer<typeof queueSchema>;
export type MetricQueryConfig = z.infer<typeof metricQuerySchema>;

/**
 * One table a saga writes: each step (reserve, charge, ship) and each compensation (cancel-reservation, refund) leaves
 * one record per message ID in its table, so the saga check reads what the saga did, as on AWS.
 */
export const sagaTableSchema = sinkSchema
  .omit({ attemptsAttribute: true, processedAtAttribute: true })
  .extend({
    /** The step this table records (a name from `saga.steps`). */
    step: z.string().min(1).optional(),
    /** The step whose compensation this table records (a name from `saga.steps`). */
    compensates: z.string().min(1).optional(),
  })
  .refine((t) => (t.step === undefined) !== (t.compensates === undefined), {
    message: "give exactly one of `step` (the step this table records) or `compensates` (the step it undoes)",
  });

/** A saga's step tables (config `saga`): every accepted ID must end completed or compensated, never half done. */
export const sagaSchema = z
  .strictObject({
    /** The steps in the order the saga runs them. */
    steps: z.array(z.string().min(1)).min(1),
    tables: z.array(sagaTableSchema).min(1),
  })
  .superRefine((saga, ctx) => {
    const steps = new Set(saga.steps);
    for (const [i, t] of saga.tables.entries()) {
      const named = t.step ?? t.compensates ?? "";
      if (!steps.has(named))
        ctx.addIssue({
          code: "custom",
          path: ["tables", i, t.step === undefined ? "compensates" : "step"],
          message: `names "${named}", which is not in saga.steps (${saga.steps.join(", ")})`,
        });
    }
    for (const step of saga.steps)
      if (!saga.tables.some((t) => t.step === step))
        ctx.addIssue({ code: "custom", path: ["tables"], message: `no table records step "${step}"` });
  });

export type SagaConfig = z.infer<typeof sagaSchema>;
export type SagaTableConfig = z.infer<typeof sagaTableSchema>;

/** The state machine the sfn channel starts executions of. */
export const sfnSchema = z.strictObject({
  stateMachineArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/, "must be a state machine ARN"),
});

/** AWS/States' execution counts for a state machine, under the names AWS publishes them (the saga's report charts). */
export function stateMachineMetricQueries(stateMachineArn: string): Array<z.infer<typeof metricQuerySchema>> {
  const dimensions = { StateMachineArn: stateMachineArn };
  return (["Started", "Succeeded", "Failed", "TimedOut"] as const).map((what) => ({
    id: `sfnExecutions${what}`,
    namespace: "AWS/States",
    metricName: `Executions${what}`,
    dimensions,
    stat: "Sum",
  }));
}
