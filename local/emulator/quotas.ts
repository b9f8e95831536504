import { AwsApiError, type GatewayGuard, type GatewayRequest } from './gateway';

/**
 * One of AWS's per-second API rate quotas, enforced as a token bucket: the bucket holds up to `burst` calls and
 * refills at `rate` calls per second; a call that finds it empty is throttled, as AWS throttles it.
 */
export interface QuotaDefinition {
  /** The SigV4 signing name of the service (`secretsmanager`, `sns`, `sqs`, `states`, `events`). */
  readonly service: string;
  /** The operations that draw from this one bucket (AWS's "combined rate of …"). */
  readonly operations: readonly string[];
  /** Refill rate, calls per second. `Infinity` for no limit (the calls are still counted). */
  readonly rate: number;
  /** Bucket size. @default - the rate: AWS documents one number per second for most quotas */
  readonly burst?: number;
  /** The AWS page the value comes from, by title. */
  readonly source: string;
}

const SM_QUOTAS = 'AWS Secrets Manager quotas';
const SM_QUOTAS_OLDER = 'AWS Secrets Manager quotas (older revision, awsdocs/aws-secrets-manager-docs)';
const SFN_QUOTAS =
  'Step Functions service quotas: Quotas related to API action throttling (awsdocs/aws-step-functions-developer-guide)';

/**
 * AWS's documented defaults for one account in us-east-1. AWS raises some of them from time to time, so each
 * carries the title of the page to re-check it against.
 *
 * Left out on purpose:
 * - DynamoDB: an on-demand table's limit is throughput per table and partition (read/write request units), not
 *   an API rate per account; a call-count bucket would model it wrongly.
 * - SQS FIFO queues (300 calls/s per API action per queue, or 3,000 messages/s batched): per queue, and rekey's
 *   queues are standard.
 * - SNS PublishBatch, Secrets Manager operations not listed here, Step Functions task-token APIs: not used by
 *   rekey, and their current numbers were not confirmed.
 */
export const DEFAULT_QUOTAS = {
  // "Combined rate of DescribeSecret and GetSecretValue API requests: 10,000 per second" (AWS Secrets Manager
  // quotas). The March 2025 What's New post "AWS Secrets Manager increases API requests per second limits" gives
  // GetSecretValue 10,000/s and DescribeSecret 40,000/s separately; the combined row is the stricter reading.
  'secretsmanager:reads': {
    service: 'secretsmanager',
    operations: ['GetSecretValue', 'DescribeSecret'],
    rate: 10_000,
    source: SM_QUOTAS,
  },
  // "Combined rate of PutSecretValue, RemoveRegionsFromReplication, ReplicateSecretToRegion,
  // StopReplicationToReplica, UpdateSecret, and UpdateSecretVersionStage API requests: 50 per second".
  'secretsmanager:writes': {
    service: 'secretsmanager',
    operations: [
      'PutSecretValue',
      'RemoveRegionsFromReplication',
      'ReplicateSecretToRegions',
      'StopReplicationToReplica',
      'UpdateSecret',
      'UpdateSecretVersionStage',
    ],
    rate: 50,
    source: SM_QUOTAS,
  },
  // RotateSecret does not share the writes bucket: "Combined rate of RotateSecret and CancelRotateSecret: 50/s".
  'secretsmanager:rotation': {
    service: 'secretsmanager',
    operations: ['RotateSecret', 'CancelRotateSecret'],
    rate: 50,
    source: SM_QUOTAS,
  },
  'secretsmanager:restore': { service: 'secretsmanager', operations: ['RestoreSecret'], rate: 50, source: SM_QUOTAS },
  'secretsmanager:tags': {
    service: 'secretsmanager',
    operations: ['TagResource', 'UntagResource'],
    rate: 50,
    source: SM_QUOTAS,
  },
  'secretsmanager:resource-policy': {
    service: 'secretsmanager',
    operations: ['DeleteResourcePolicy', 'GetResourcePolicy', 'PutResourcePolicy', 'ValidateResourcePolicy'],
    rate: 50,
    source: SM_QUOTAS,
  },
  'secretsmanager:batch-get': {
    service: 'secretsmanager',
    operations: ['BatchGetSecretValue'],
    rate: 100,
    source: SM_QUOTAS,
  },
  // "ListSecrets ... increased to 100 requests per second" (What's New, 2022-11: AWS Secrets Manager increases API
  // requests per second limits).
  'secretsmanager:list-secrets': {
    service: 'secretsmanager',
    operations: ['ListSecrets'],
    rate: 100,
    source: 'AWS Secrets Manager increases API requests per second limits (2022-11)',
  },
  // The next four come from the older revision of the quotas page (its table: 50/s each, ListSecretVersionIds
  // combined with ListSecrets then); their rows on the current page could not be retrieved.
  'secretsmanager:list-versions': {
    service: 'secretsmanager',
    operations: ['ListSecretVersionIds'],
    rate: 50,
    source: SM_QUOTAS_OLDER,
  },
  'secretsmanager:create': {
    service: 'secretsmanager',
    operations: ['CreateSecret'],
    rate: 50,
    source: SM_QUOTAS_OLDER,
  },
  'secretsmanager:delete': {
    service: 'secretsmanager',
    operations: ['DeleteSecret'],
    rate: 50,
    source: SM_QUOTAS_OLDER,
  },
  'secretsmanager:random-password': {
    service: 'secretsmanager',
    operations: ['GetRandomPassword'],
    rate: 50,
    source: SM_QUOTAS_OLDER,
  },
  // Publish: 30,000 per second in US East (N. Virginia); 9,000/s in us-west-2 and eu-west-1, less elsewhere
  // (Amazon Simple Notification Service endpoints and quotas, API throttling table). Re-check: only the page's
  // endpoint table could be retrieved when this was written.
  'sns:publish': {
    service: 'sns',
    operations: ['Publish'],
    rate: 30_000,
    source: 'Amazon Simple Notification Service endpoints and quotas',
  },
  // "Standard queues support a nearly unlimited number of API calls per second, per API action (SendMessage,
  // ReceiveMessage, or DeleteMessage)" (Getting started with Amazon SQS standard queues). No limit; counted only.
  'sqs:standard-queues': {
    service: 'sqs',
    operations: [
      'SendMessage',
      'SendMessageBatch',
      'ReceiveMessage',
      'DeleteMessage',
      'DeleteMessageBatch',
      'ChangeMessageVisibility',
      'ChangeMessageVisibilityBatch',
    ],
    rate: Number.POSITIVE_INFINITY,
    source: 'Getting started with Amazon SQS standard queues',
  },
  // Token buckets as AWS documents them: bucket size, refill rate per second, us-east-1, Standard workflows
  // (Express StartExecution is 6,000/6,000; rekey's state machine is Standard). From the guide's public source
  // repository, which AWS stopped updating; re-check against the live page.
  'states:start-execution': {
    service: 'states',
    operations: ['StartExecution'],
    rate: 300,
    burst: 1_300,
    source: SFN_QUOTAS,
  },
  'states:describe-execution': {
    service: 'states',
    operations: ['DescribeExecution'],
    rate: 15,
    burst: 300,
    source: SFN_QUOTAS,
  },
  'states:list-executions': {
    service: 'states',
    operations: ['ListExecutions'],
    rate: 5,
    burst: 200,
    source: SFN_QUOTAS,
  },
  'states:stop-execution': {
    service: 'states',
    operations: ['StopExecution'],
    rate: 200,
    burst: 1_000,
    source: SFN_QUOTAS,
  },
  'states:describe-state-machine': {
    service: 'states',
    operations: ['DescribeStateMachine'],
    rate: 20,
    burst: 200,
    source: SFN_QUOTAS,
  },
  'states:get-execution-history': {
    service: 'states',
    operations: ['GetExecutionHistory'],
    rate: 20,
    burst: 400,
    source: SFN_QUOTAS,
  },
  // State transitions of Standard workflows: bucket 5,000, refill 5,000 per second in us-east-1, us-west-2 and
  // eu-west-1 (800/800 elsewhere) (Step Functions service quotas, "Quotas related to state throttling"; the page
  // also warns that "new AWS accounts have reduced state transition quotas"). Not an API call: the local execution
  // runner takes a token per state entered (`stateTransition`), and a throttled transition is delayed, not failed,
  // as Step Functions delays it (the ExecutionThrottled metric counts them).
  'states:state-transitions': {
    service: 'states',
    operations: [],
    rate: 5_000,
    burst: 5_000,
    source: 'Step Functions service quotas: Quotas related to state throttling',
  },
  // IAM publishes no per-second quota: its calls "contribute to a maximum rate quota for your AWS account",
  // answered with `Throttling: Rate exceeded` (HTTP 400), and the rate "can't be increased" (AWS re:Post Knowledge
  // Center, "How do I resolve API throttling or 'Rate exceeded' errors for IAM and AWS STS?"). 10 calls per second
  // is rekey's conservative default (contract/rate-limits.ts, `provider:aws-iam`), not a documented number. One
  // bucket for every IAM call the aws-iam provider makes, as AWS counts them against one account-wide rate.
  'iam:calls': {
    service: 'iam',
    operations: [
      'CreateAccessKey',
      'DeleteAccessKey',
      'UpdateAccessKey',
      'ListAccessKeys',
      'GetAccessKeyLastUsed',
      'ListUserTags',
      'TagUser',
      'UntagUser',
    ],
    rate: 10,
    source:
      "AWS re:Post Knowledge Center: How do I resolve API throttling or 'Rate exceeded' errors for IAM and AWS STS?",
  },
  // "PutEvents has a soft limit of 10,000 requests per second by default" in the largest Regions (Amazon
  // EventBridge quotas: PutEvents quotas by Region). That us-east-1 is among them: re-check, the Region list did
  // not render in the copy read.
  'events:put-events': {
    service: 'events',
    operations: ['PutEvents'],
    rate: 10_000,
    source: 'Amazon EventBridge quotas',
  },
} as const satisfies Record<string, QuotaDefinition>;

export type QuotaId = keyof typeof DEFAULT_QUOTAS;

/**
 * How each service answers a throttled call (the code the SDKs map to their named exception). Every code here is
 * one the AWS SDK v3 retry strategy treats as throttling, so clients back off and retry as they would in AWS.
 */
export const THROTTLING_ERRORS: Readonly<Record<string, { readonly type: string; readonly status: number }>> = {
  // JSON protocol; the model has no shape for it, so SDK v3 raises a ServiceException named ThrottlingException.
  secretsmanager: { type: 'ThrottlingException', status: 400 },
  states: { type: 'ThrottlingException', status: 400 },
  events: { type: 'ThrottlingException', status: 400 },
  // The SNS model (@aws-sdk/client-sns): ThrottledException, query-protocol code `Throttled`, HTTP 429. AWS's front
  // door also answers some SNS calls with `ThrottlingException: Rate exceeded` (re:Post, "sns-throttling-exception-
  // errors"); both are throttling to the SDKs.
  sns: { type: 'Throttled', status: 429 },
  // The SQS model (@aws-sdk/client-sqs): RequestThrottled, HTTP 403, the same code in the JSON and query protocols.
  sqs: { type: 'RequestThrottled', status: 403 },
  // IAM (query protocol): `Throttling: Rate exceeded, status code: 400` (the re:Post article above).
  iam: { type: 'Throttling', status: 400 },
};
const DEFAULT_THROTTLING_ERROR = { type: 'ThrottlingException', status: 400 } as const;

/** A call refused by a quota: the AwsApiError the gateway answers with, and the quota that refused it. */
export class QuotaThrottledError extends AwsApiError {
  constructor(
    type: string,
    status: number,
    readonly quota: QuotaId,
  ) {
    super(type, 'Rate exceeded', status);
    this.name = 'QuotaThrottledError';
  }
}

/** A quota's new value: a number sets the rate and a one-second bucket; an object sets either part. */
export type QuotaOverride = number | { readonly rate?: number; readonly burst?: number };

export interface ServiceQuotasOptions {
  /** Throttle calls over a quota. When false every call is admitted, and still counted. @default true */
  readonly enabled?: boolean;
  /** Multiplies every default rate and bucket size (not the overrides), e.g. 0.01 to feel quotas early. @default 1 */
  readonly scale?: number;
  /** Per-quota values, applied after `scale`, e.g. `{ 'secretsmanager:writes': 10 }`. @default - AWS's defaults */
  readonly overrides?: Readonly<Partial<Record<QuotaId, QuotaOverride>>>;
  /** Clock in milliseconds. @default performance.now */
  readonly now?: () => number;
}

/** What one quota saw. `peak` is the most calls admitted in any sliding one-second window. */
export interface QuotaUsage {
  readonly quota: QuotaId;
  readonly service: string;
  readonly rate: number;
  readonly burst: number;
  readonly admitted: number;
  readonly throttled: number;
  readonly peak: number;
}

const WINDOW_MS = 1_000;

class Bucket {
  private tokens: number;
  private refilledAt: number;
  /** Times of admitted calls still inside the window ending now, oldest first from `head`. */
  private times: number[] = [];
  private head = 0;
  admitted = 0;
  throttled = 0;
  peak = 0;

  constructor(
    readonly rate: number,
    readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.refilledAt = now;
  }

  /** Takes a token if there is one; counts the call either way. */
  take(now: number, enforce: boolean): boolean {
    if (Number.isFinite(this.rate)) {
      const elapsed = Math.max(0, now - this.refilledAt) / 1_000;
      this.tokens = Math.min(this.burst, this.tokens + elapsed * this.rate);
      this.refilledAt = Math.max(this.refilledAt, now);
      if (this.tokens >= 1) this.tokens -= 1;
      else if (enforce) {
        this.throttled += 1;
        return false;
      }
    }
    this.admitted += 1;
    this.record(now);
    return true;
  }

  private record(now: number): void {
    this.times.push(now);
    while (this.head < this.times.length && (this.times[this.head] ?? now) <= now - WINDOW_MS) this.head += 1;
    this.peak = Math.max(this.peak, this.times.length - this.head);
    if (this.head > 4_096 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }
}

/**
 * AWS's per-second API rate quotas for the local stack's endpoint. Pass `guard` to `startGateway` (alone, or
 * after IAM) and a call over a quota is answered as AWS answers it: the service's throttling code and status, so
 * SDK clients raise the named exception and retry with backoff. Quotas are per account and Region in AWS; the
 * local stack is one account in one Region, so each quota is one bucket shared by every caller.
 */
export class ServiceQuotas {
  readonly enabled: boolean;
  private readonly now: () => number;
  private readonly buckets = new Map<QuotaId, Bucket>();
  private readonly byOperation = new Map<string, QuotaId>();
  private readonly limits: Map<QuotaId, { rate: number; burst: number }>;
  private readonly scale: number;

  constructor(options: ServiceQuotasOptions = {}) {
    this.enabled = options.enabled ?? true;
    this.now = options.now ?? (() => performance.now());
    const scale = options.scale ?? 1;
    if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`scale must be a positive number, got ${scale}`);
    this.scale = scale;
    const overrides: Readonly<Record<string, QuotaOverride | undefined>> = options.overrides ?? {};
    assertKnownQuotas(overrides);
    const limits = new Map<QuotaId, { rate: number; burst: number }>();
    for (const [id, quota] of Object.entries(DEFAULT_QUOTAS) as [QuotaId, QuotaDefinition][]) {
      const limit = resolveLimit(id, quota, scale, overrides[id]);
      limits.set(id, limit);
      for (const operation of quota.operations) this.byOperation.set(`${quota.service}:${operation}`, id);
    }
    this.limits = limits;
  }

  /**
   * Sets named quotas to new values from now on, as when the account's other applications start drawing on them
   * (their buckets start full, their counts afresh); the others are unchanged.
   */
  override(overrides: Readonly<Partial<Record<QuotaId, QuotaOverride>>>): void {
    assertKnownQuotas(overrides);
    for (const [id, override] of Object.entries(overrides) as [QuotaId, QuotaOverride][]) {
      this.limits.set(id, resolveLimit(id, DEFAULT_QUOTAS[id], this.scale, override));
      this.buckets.delete(id);
    }
  }

  /** The quota a call draws from, if AWS documents one for it. */
  quotaOf(request: Pick<GatewayRequest, 'service' | 'operation'>): QuotaId | undefined {
    return this.byOperation.get(`${request.service}:${request.operation}`);
  }

  /** Admits the call or throws a QuotaThrottledError. Calls with no quota (or unsigned) pass untouched. */
  admit(request: Pick<GatewayRequest, 'service' | 'operation'>): void {
    const id = this.quotaOf(request);
    if (!id) return;
    if (!this.bucket(id).take(this.now(), this.enabled)) {
      const code = THROTTLING_ERRORS[request.service] ?? DEFAULT_THROTTLING_ERROR;
      throw new QuotaThrottledError(code.type, code.status, id);
    }
  }

  /**
   * One state transition of a Step Functions execution (a state entered): takes a token of
   * `states:state-transitions` and answers how long the transition must wait (0 when admitted). Step Functions
   * delays a throttled transition rather than failing it, so the runner waits that long and asks again.
   */
  stateTransition(): number {
    const bucket = this.bucket('states:state-transitions');
    if (bucket.take(this.now(), this.enabled)) return 0;
    return Math.max(1, Math.ceil(1_000 / Math.max(bucket.rate, 1e-9)));
  }

  /** The gateway's guard (bound; pass it as `guard: quotas.guard`). */
  readonly guard: GatewayGuard = async (request) => this.admit(request);

  /** What every quota has seen since construction or `reset()`, including quotas no call reached. */
  peaks(): QuotaUsage[] {
    return [...this.limits.keys()].map((id) => {
      const bucket = this.buckets.get(id);
      const { rate, burst } = this.limits.get(id) ?? { rate: 0, burst: 0 };
      return {
        quota: id,
        service: DEFAULT_QUOTAS[id].service,
        rate,
        burst,
        admitted: bucket?.admitted ?? 0,
        throttled: bucket?.throttled ?? 0,
        peak: bucket?.peak ?? 0,
      };
    });
  }

  /** Refills every bucket and forgets the counts. */
  reset(): void {
    this.buckets.clear();
  }

  private bucket(id: QuotaId): Bucket {
    let bucket = this.buckets.get(id);
    if (!bucket) {
      const { rate, burst } = this.limits.get(id) ?? { rate: 0, burst: 0 };
      bucket = new Bucket(rate, burst, this.now());
      this.buckets.set(id, bucket);
    }
    return bucket;
  }
}

function assertKnownQuotas(overrides: Readonly<Record<string, unknown>>): void {
  for (const id of Object.keys(overrides)) {
    if (!(id in DEFAULT_QUOTAS)) {
      throw new Error(`overrides names no known quota: ${id} (known: ${Object.keys(DEFAULT_QUOTAS).join(', ')})`);
    }
  }
}

function resolveLimit(
  id: QuotaId,
  quota: QuotaDefinition,
  scale: number,
  override: QuotaOverride | undefined,
): { rate: number; burst: number } {
  let rate = quota.rate * scale;
  let burst = (quota.burst ?? quota.rate) * scale;
  if (typeof override === 'number') {
    rate = override;
    burst = override;
  } else if (override) {
    rate = override.rate ?? rate;
    burst = override.burst ?? (override.rate !== undefined ? override.rate : burst);
  }
  if (Number.isNaN(rate) || rate < 0) throw new Error(`quota ${id}: rate must be 0 or more, got ${rate}`);
  if (Number.isNaN(burst) || burst < 0) throw new Error(`quota ${id}: burst must be 0 or more, got ${burst}`);
  if (rate > 0 && burst < 1) {
    throw new Error(`quota ${id}: burst must be at least 1 when the rate is above 0, got ${burst}`);
  }
  return { rate, burst };
}
