import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  checkSchedule,
  DEFAULT_SCHEDULE,
  DEFAULT_STACK_NAME,
  defaultEnrolledPrefix,
  PROVIDER_OPTION_DEFAULTS,
  PROVIDERS,
  VERIFICATION_DEFAULTS,
} from '../contract';

/**
 * The deploy-time configuration: which keys rekey manages, how each rotates, and which fleets hear about it.
 * This zod schema is the single source: `loadConfig` validates with it, and docs/config.schema.json is generated
 * from it (`npm run config-schema`).
 */

const NAME = /^[A-Za-z0-9/_+=.@-]+$/;

/**
 * `rate(N hours)` (N ≥ 4), `rate(N days)` (1–1000) or `cron(...)` (Secrets Manager's own schedule syntax): the one
 * grammar in contract/schedule.ts, which the ManagedKey construct parses with too, so both refuse alike.
 */
export const ScheduleSchema = z.string().superRefine((s, ctx) => {
  const checked = checkSchedule(s);
  if (!checked.ok) ctx.addIssue({ code: 'custom', message: checked.message });
});

const GENERATED = PROVIDER_OPTION_DEFAULTS.generated;
const HTTP = PROVIDER_OPTION_DEFAULTS.http;

const GeneratedOptions = z
  .object({
    /** Length of the random part of the token. @default 40 */
    length: z.number().int().min(32).max(128).default(GENERATED.length),
    /** Prefix of every token, so scanners and the redactor can recognise one. @default "rk_" */
    prefix: z
      .string()
      .regex(/^[a-z]{1,8}_$/)
      .default(GENERATED.prefix),
  })
  .strict();

const AwsIamOptions = z
  .object({
    /** The IAM user whose access key this secret holds. */
    userName: z.string().regex(/^[\w+=,.@-]{1,64}$/),
  })
  .strict();

const OpenAiOptions = z
  .object({
    /** The OpenAI project that owns the service account keys. */
    projectId: z.string().min(1),
    /** Base URL of the API. @default "https://api.openai.com" */
    baseUrl: z.string().url().default(PROVIDER_OPTION_DEFAULTS.openai.baseUrl),
  })
  .strict();

const AnthropicOptions = z
  .object({
    /** Workspace the keys belong to. @default - the organisation's default workspace */
    workspaceId: z.string().min(1).optional(),
    /** Base URL of the API. @default "https://api.anthropic.com" */
    baseUrl: z.string().url().default(PROVIDER_OPTION_DEFAULTS.anthropic.baseUrl),
    /** The ops topic warns when the spare pool holds fewer spares than this (0 to 100). @default 2 */
    spareFloor: z.number().int().min(0).max(100).default(PROVIDER_OPTION_DEFAULTS.anthropic.spareFloor),
  })
  .strict();

const HttpOptions = z
  .object({
    /** Base URL of the in-house key service. */
    baseUrl: z.string().url(),
    /** Path that mints a key (POST). @default "/keys" */
    createPath: z.string().startsWith('/').default(HTTP.createPath),
    /** Path that tests a key (GET with the key as bearer). @default "/whoami" */
    testPath: z.string().startsWith('/').default(HTTP.testPath),
    /** Path that revokes a key (DELETE; `{keyId}` is replaced). @default "/keys/{keyId}" */
    revokePath: z.string().startsWith('/').default(HTTP.revokePath),
  })
  .strict();

const keyBase = {
  /** Name of the key; its secret is `${secretPrefix}${name}`. Give each fleet or tenant its own key. */
  name: z.string().min(1).max(200).regex(NAME, 'may hold only letters, digits and /_+=.@-'),
  /** Human description, shown by `rekey status`. @default - none */
  description: z.string().max(500).optional(),
  /** When Secrets Manager rotates the key. @default "rate(30 days)" */
  schedule: ScheduleSchema.default(DEFAULT_SCHEDULE),
  /** Fleets (by name, from `fleets`) told when this key changes. @default [] */
  fleets: z.array(z.string().regex(NAME)).default([]),
};

/** The secret holding the provider's admin credential (the key that can mint and revoke keys). */
const adminSecretName = z.string().min(1).max(512).regex(NAME);

export const KeySchema = z.discriminatedUnion('provider', [
  z
    .object({
      ...keyBase,
      provider: z.literal(PROVIDERS.generated),
      options: GeneratedOptions.default({ length: GENERATED.length, prefix: GENERATED.prefix }),
    })
    .strict(),
  z.object({ ...keyBase, provider: z.literal(PROVIDERS.awsIam), options: AwsIamOptions }).strict(),
  z.object({ ...keyBase, provider: z.literal(PROVIDERS.openai), options: OpenAiOptions, adminSecretName }).strict(),
  z
    .object({ ...keyBase, provider: z.literal(PROVIDERS.anthropic), options: AnthropicOptions, adminSecretName })
    .strict(),
  z.object({ ...keyBase, provider: z.literal(PROVIDERS.http), options: HttpOptions, adminSecretName }).strict(),
]);
export type KeyConfig = z.infer<typeof KeySchema>;
export type ProviderName = KeyConfig['provider'];

const profileBase = {
  /** The profile's name, as `rekey enroll <key> --profile <name>` gives it. */
  name: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/),
  /** When keys enrolled with it rotate, unless `rekey enroll --schedule` says otherwise. @default "rate(30 days)" */
  schedule: ScheduleSchema.default(DEFAULT_SCHEDULE),
};

/**
 * A provider profile keys are enrolled with at run time: provider and options as a key of `keys` has them. Only
 * providers with no per-key resource (generated, openai, http); aws-iam and anthropic keys stay in `keys`.
 */
export const EnrollmentProfileSchema = z.discriminatedUnion('provider', [
  z
    .object({
      ...profileBase,
      provider: z.literal(PROVIDERS.generated),
      options: GeneratedOptions.default({ length: GENERATED.length, prefix: GENERATED.prefix }),
    })
    .strict(),
  z.object({ ...profileBase, provider: z.literal(PROVIDERS.openai), options: OpenAiOptions, adminSecretName }).strict(),
  z.object({ ...profileBase, provider: z.literal(PROVIDERS.http), options: HttpOptions, adminSecretName }).strict(),
]);
export type EnrollmentProfileConfig = z.infer<typeof EnrollmentProfileSchema>;

/**
 * Keys enrolled at run time (`rekey enroll`), not declared in `keys`: the stack stays one size however many there
 * are. An enrolled key `<key>` of fleet `<fleet>` is the secret `<prefix><fleet>/<key>`.
 */
export const EnrollmentSchema = z
  .object({
    /** Where enrolled keys live: under `secretPrefix`, ending in `/`. @default "${secretPrefix}enrolled/" */
    prefix: z
      .string()
      .regex(/^[A-Za-z0-9/_+=.@-]+\/$/)
      .optional(),
    /** The provider profiles keys may be enrolled with; at least one. */
    profiles: z.array(EnrollmentProfileSchema).min(1).max(20),
  })
  .strict();

export const FleetSchema = z
  .object({
    /** Fleet name; its SQS queue is subscribed to the fleet topic for this fleet's keys only. */
    name: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_-]+$/),
    /** Create an SQS queue for the fleet. @default true */
    queue: z.boolean().default(true),
    /** HTTPS endpoints subscribed to the fleet topic (SNS HTTPS subscriptions). @default [] */
    httpsEndpoints: z.array(z.string().url().startsWith('https://')).default([]),
  })
  .strict();
export type FleetConfig = z.infer<typeof FleetSchema>;

export const VerificationSchema = z
  .object({
    /** Wait before verifying a scheduled rotation: long enough for every fleet's hourly (±10%) fallback poll. @default 4500 (75 min) */
    scheduledWaitSeconds: z.number().int().min(60).max(86_400).default(VERIFICATION_DEFAULTS.scheduledWaitSeconds),
    /** Wait before verifying an emergency rotation. @default 60 */
    emergencyWaitSeconds: z.number().int().min(1).max(3600).default(VERIFICATION_DEFAULTS.emergencyWaitSeconds),
    /** Verification rounds before the workflow gives up (scheduled) or revokes anyway (emergency). @default 6 */
    maxRounds: z.number().int().min(1).max(50).default(VERIFICATION_DEFAULTS.maxRounds),
    /** Grace between deactivating and deleting a key where the provider has two phases. @default 3600 */
    deleteGraceSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 86_400)
      .default(VERIFICATION_DEFAULTS.deleteGraceSeconds),
  })
  .strict();

/** An IAM role's ARN, path included (`arn:aws:iam::111122223333:role/ci/scanner`). */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
/** A Security Hub product ARN (`arn:aws:securityhub:us-east-1::product/aws/guardduty`). */
const PRODUCT_ARN = /^arn:aws[a-z-]*:securityhub:[a-z0-9-]+:(\d{12})?:product\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

export const RekeyConfigSchema = z
  .object({
    /** Stack name. @default "Rekey" */
    stackName: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/)
      .default(DEFAULT_STACK_NAME),
    /** Prefix of every managed secret's name; IAM is scoped to it. @default "rekey/" */
    secretPrefix: z
      .string()
      .regex(/^[A-Za-z0-9/_+=.@-]+\/$/)
      .default('rekey/'),
    /** Account and region to deploy to. @default - the CLI's current account and region */
    env: z
      .object({ account: z.string().regex(/^\d{12}$/), region: z.string().min(1) })
      .strict()
      .optional(),
    /** The keys declared here, each a stack resource; may be `[]` when `enrollment` is set. */
    keys: z.array(KeySchema),
    /** Keys enrolled at run time (`rekey enroll`). @default - none: only the keys declared in `keys` */
    enrollment: EnrollmentSchema.optional(),
    fleets: z.array(FleetSchema).default([]),
    verification: VerificationSchema.default({
      scheduledWaitSeconds: VERIFICATION_DEFAULTS.scheduledWaitSeconds,
      emergencyWaitSeconds: VERIFICATION_DEFAULTS.emergencyWaitSeconds,
      maxRounds: VERIFICATION_DEFAULTS.maxRounds,
      deleteGraceSeconds: VERIFICATION_DEFAULTS.deleteGraceSeconds,
    }),
    /** Email address subscribed to the ops topic. @default - no subscription */
    opsEmail: z.string().email().optional(),
    /** GitHub secret scanning as a finding source (a webhook receiver behind a function URL). @default - none */
    github: z
      .object({
        /** Secret holding the webhook's shared secret, as set in GitHub (plain string, or JSON with `secret`). */
        webhookSecretName: z.string().min(1).max(512).regex(NAME),
        /** Secret holding a token that may read secret scanning alerts (plain string, or JSON with `token`). */
        tokenSecretName: z.string().min(1).max(512).regex(NAME),
        /** The REST API, e.g. `https://HOST/api/v3` for GitHub Enterprise Server. @default "https://api.github.com" */
        apiBaseUrl: z.string().url().startsWith('https://').optional(),
        /**
         * A scheduled backstop that lists open secret scanning alerts and rotates any the webhook missed (GitHub does
         * not redeliver a failed delivery by itself). @default - no backstop
         */
        backstop: z
          .object({
            /** Organizations whose alerts it lists. @default [] */
            orgs: z.array(z.string().min(1).max(39)).optional(),
            /** Repositories (`owner/name`) whose alerts it lists. @default [] */
            repos: z.array(z.string().min(3).max(140)).optional(),
            /** Minutes between runs: the longest a lost delivery waits. @default 15 */
            periodMinutes: z.number().int().min(1).max(1440).optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    /**
     * Who may put findings on rekey's own event bus, and which Security Hub products it takes findings from
     * (docs/configuration.md, "Finding intake"). @default - only the GitHub webhook; AWS's own Security Hub products
     */
    intake: z
      .object({
        /** IAM role ARNs that may put `rekey.scanner` findings: CI and scanner jobs, the on-call role that runs `rekey report-leak`. @default [] */
        scannerPrincipals: z.array(z.string().regex(ROLE_ARN, 'must be an IAM role ARN')).max(50).default([]),
        /** Accounts that forward findings to this account's bus (an organisation's security account). @default [] */
        forwardingAccounts: z
          .array(z.string().regex(/^\d{12}$/, 'must be a 12-digit account id'))
          .max(20)
          .default([]),
        /** Security Hub products whose findings are taken. @default - AWS's own: Security Hub, GuardDuty, IAM Access Analyzer */
        securityHubProductArns: z
          .array(z.string().regex(PRODUCT_ARN, 'must be a Security Hub product ARN'))
          .min(1)
          .max(50)
          .optional(),
        /** The intake's reserved concurrency: capacity no other function can take during an incident (1 to 100). @default 20 */
        concurrency: z.number().int().min(1).max(100).optional(),
        /** Intake workers on a mass exposure's work queue at most (2 to `concurrency`). @default - `concurrency` minus 5, at least 2 */
        workerConcurrency: z.number().int().min(2).max(100).optional(),
      })
      .strict()
      .default({ scannerPrincipals: [], forwardingAccounts: [] }),
    /** Concurrent rotations at most (1 to 100): the rotation function's reserved concurrency. @default 30 */
    maxConcurrentRotations: z.number().int().min(1).max(100).optional(),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const { concurrency = 20, workerConcurrency } = cfg.intake;
    if (workerConcurrency !== undefined && workerConcurrency > concurrency) {
      ctx.addIssue({
        code: 'custom',
        path: ['intake', 'workerConcurrency'],
        message: `must be at most intake.concurrency (${concurrency})`,
      });
    }
    const fleetNames = new Set(cfg.fleets.map((f) => f.name));
    if (cfg.keys.length === 0 && !cfg.enrollment) {
      ctx.addIssue({ code: 'custom', path: ['keys'], message: 'name at least one key, or configure enrollment' });
    }
    const enrolledPrefix = cfg.enrollment?.prefix;
    if (
      enrolledPrefix !== undefined &&
      (!enrolledPrefix.startsWith(cfg.secretPrefix) || enrolledPrefix === cfg.secretPrefix)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['enrollment', 'prefix'],
        message: `must lie under secretPrefix "${cfg.secretPrefix}", got "${enrolledPrefix}"`,
      });
    }
    const profileNames = new Set<string>();
    cfg.enrollment?.profiles.forEach((profile, i) => {
      if (profileNames.has(profile.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['enrollment', 'profiles', i, 'name'],
          message: `duplicate profile name "${profile.name}"`,
        });
      }
      profileNames.add(profile.name);
    });
    const seen = new Set<string>();
    cfg.keys.forEach((key, i) => {
      if (seen.has(key.name)) {
        ctx.addIssue({ code: 'custom', path: ['keys', i, 'name'], message: `duplicate key name "${key.name}"` });
      }
      seen.add(key.name);
      const enrolledAt = cfg.enrollment?.prefix ?? defaultEnrolledPrefix(cfg.secretPrefix);
      if (cfg.enrollment && `${cfg.secretPrefix}${key.name}`.startsWith(enrolledAt)) {
        ctx.addIssue({
          code: 'custom',
          path: ['keys', i, 'name'],
          message: `must not lie under the enrolled prefix "${enrolledAt}" (enrolled keys live there)`,
        });
      }
      key.fleets.forEach((fleet, j) => {
        if (!fleetNames.has(fleet)) {
          ctx.addIssue({ code: 'custom', path: ['keys', i, 'fleets', j], message: `unknown fleet "${fleet}"` });
        }
      });
    });
  });
export type RekeyConfig = z.infer<typeof RekeyConfigSchema>;
export type RekeyConfigInput = z.input<typeof RekeyConfigSchema>;

/** A configuration that does not validate; the message names every failing field by its path. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly issues: readonly string[] = [],
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Validates a configuration object; throws ConfigError naming each bad field (e.g. `keys[0].schedule: ...`). */
export function parseConfig(input: unknown, source = 'config'): RekeyConfig {
  const result = RekeyConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  throw new ConfigError(`${source} is not valid:\n  ${issues.join('\n  ')}`, issues);
}

/** Reads and validates a JSON configuration file. */
export function loadConfig(path: string): RekeyConfig {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ConfigError(`cannot read config file ${path}: ${(cause as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (cause) {
    throw new ConfigError(`config file ${path} is not JSON: ${(cause as Error).message}`);
  }
  return parseConfig(json, path);
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return '(root)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}
