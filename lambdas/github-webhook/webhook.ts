import type { Metrics } from '@aws-lambda-powertools/metrics';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ENV_DEFAULTS, GITHUB_EVENT } from '../../contract';
import { GITHUB_METRICS } from '../../contract/github';
import { logger } from '../common/logger';
import * as z from '../common/zod';
import { type Finding, FindingSchema } from '../intake/finding';
import type { DeliveryLog } from './deliveries';
import {
  DuplicateBodyError,
  FindingNotPublishedError,
  MalformedDeliveryError,
  MethodNotAllowedError,
  ReplayedDeliveryError,
  SignatureMismatchError,
  SignatureMissingError,
  WebhookError,
} from './errors';
import { type AlertIdentity, fetchAlertIdentity } from './github-api';
import { reportsExposure, SecretScanningAlertWebhookSchema } from './payload';

export interface WebhookDeps {
  /** The webhook's shared secret (Secrets Manager, cached by the caller). */
  readonly webhookSecret: () => Promise<string>;
  /** A token that may read secret scanning alerts (`secret_scanning_alerts: read`). */
  readonly githubToken: () => Promise<string>;
  readonly deliveries: DeliveryLog;
  readonly events: EventBridgeClient;
  readonly eventBusName: string;
  /** @default "https://api.github.com" */
  readonly apiBaseUrl?: string;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** Where `GitHubDeliveriesFailed` goes (the handler publishes it as EMF). @default - no metric */
  readonly metrics?: Pick<Metrics, 'addMetric'>;
}

/** The request as a function URL hands it over: lowercase header names, the body as sent or base64. */
export interface WebhookRequest {
  readonly method: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
  readonly isBase64Encoded: boolean;
}

export interface WebhookResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const DELIVERY_ID = /^[A-Za-z0-9-]{1,100}$/;

/**
 * One GitHub delivery: verify X-Hub-Signature-256 over the raw body (constant time), refuse replays of a delivery id,
 * and of a verified body under a fresh delivery id, fetch the alert (the webhook does not carry the secret), hash the
 * secret and drop it, put the finding on the bus and record the alert for the backstop. 202 accepted (or ignored:
 * ping, other events, actions that expose nothing), 400 malformed, 401 unsigned or forged, 409 replay, 502 GitHub or
 * EventBridge failed (GitHub may redeliver: the claims are released, and `GitHubDeliveriesFailed` is counted).
 */
export async function handleDelivery(req: WebhookRequest, deps: WebhookDeps): Promise<WebhookResponse> {
  let deliveryId: string | undefined;
  let claimed = false;
  let verified = false;
  let bodyClaimed: string | undefined;
  try {
    if (req.method.toUpperCase() !== 'POST') throw new MethodNotAllowedError(req.method);
    const signature = req.headers['x-hub-signature-256'];
    if (!signature) throw new SignatureMissingError();
    const raw = rawBody(req);
    if (raw.length === 0) throw new MalformedDeliveryError('delivery has no body');
    // Loaded on first use: the library is ESM-only, and a static import would keep CommonJS callers (the local
    // stack under tsx) from loading this module at all. esbuild bundles a literal import() like a static one.
    const { verify } = await import('@octokit/webhooks-methods');
    if (!(await verify(await deps.webhookSecret(), raw, signature).catch(() => false))) {
      throw new SignatureMismatchError();
    }
    verified = true;

    deliveryId = req.headers['x-github-delivery'];
    const githubEvent = req.headers['x-github-event'];
    if (!deliveryId || !DELIVERY_ID.test(deliveryId))
      throw new MalformedDeliveryError('missing or malformed X-GitHub-Delivery');
    if (!githubEvent) throw new MalformedDeliveryError('missing X-GitHub-Event');
    await deps.deliveries.claim(deliveryId, githubEvent);
    claimed = true;

    if (githubEvent !== 'secret_scanning_alert') {
      const status = githubEvent === 'ping' ? 'pong' : 'ignored';
      await deps.deliveries.complete(deliveryId, status);
      return respond(202, { status, deliveryId });
    }
    const payload = SecretScanningAlertWebhookSchema.safeParse(parseJsonPayload(raw, req.headers['content-type']));
    if (!payload.success) {
      const fields = payload.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
      throw new MalformedDeliveryError(
        `secret_scanning_alert payload does not have the documented shape (bad fields: ${fields})`,
      );
    }
    const { alert, repository } = payload.data;
    const findingId = `${repository.full_name}#${alert.number}`;
    if (!reportsExposure(payload.data)) {
      await deps.deliveries.complete(deliveryId, `ignored ${payload.data.action}`);
      logger.info('secret scanning alert action needs no rotation', {
        deliveryId,
        findingId,
        action: payload.data.action,
      });
      return respond(202, { status: 'ignored', deliveryId, action: payload.data.action });
    }
    // The same signed bytes under another delivery id: a captured delivery replayed (GitHub's own redelivery keeps
    // the delivery id, and a new event on the alert has a new action or updated_at, so a new body).
    await deps.deliveries.claimBody(raw, deliveryId);
    bodyClaimed = raw;

    const identity = await fetchAlertIdentity(
      { owner: repository.owner.login, repo: repository.name, number: alert.number },
      { baseUrl: deps.apiBaseUrl ?? ENV_DEFAULTS.githubApiBaseUrl, token: await deps.githubToken(), fetch: deps.fetch },
    );
    const finding = toFinding(findingId, identity, alert.html_url);
    await publish(finding, deps);
    await deps.deliveries.recordAlert(
      {
        repositoryFullName: repository.full_name,
        number: alert.number,
        ...(identity.createdAt ? { createdAt: identity.createdAt } : {}),
      },
      'webhook',
    );
    await deps.deliveries.completeBody(raw);
    await deps.deliveries.complete(deliveryId, 'published');
    logger.info('secret scanning alert published as a finding', { deliveryId, findingId, action: payload.data.action });
    return respond(202, { status: 'accepted', deliveryId, findingId });
  } catch (err) {
    const error = err instanceof WebhookError ? err : undefined;
    // GitHub may redeliver after a failure on our side; a malformed or forged delivery stays refused.
    const failedOnOurSide = !error || error.statusCode >= 500;
    if (claimed && deliveryId && failedOnOurSide) {
      await deps.deliveries.release(deliveryId).catch(() => undefined);
    }
    if (bodyClaimed !== undefined && failedOnOurSide) {
      await deps.deliveries.releaseBody(bodyClaimed).catch(() => undefined);
    }
    if (error instanceof DuplicateBodyError && deliveryId) {
      await deps.deliveries.complete(deliveryId, 'duplicate body').catch(() => undefined);
    }
    // A verified delivery we failed is lost unless GitHub is asked to redeliver or the backstop finds the alert:
    // count it, for the alarm (an answer of 502 raises no Lambda error).
    if (verified && failedOnOurSide) deps.metrics?.addMetric(GITHUB_METRICS.deliveriesFailed, MetricUnit.Count, 1);
    if (!error) {
      logger.error('webhook delivery failed', { deliveryId, errorName: (err as Error).name, error: err as Error });
      return respond(500, { status: 'error', message: 'internal error' });
    }
    const log = error.statusCode >= 500 ? logger.error.bind(logger) : logger.warn.bind(logger);
    log('webhook delivery refused', {
      deliveryId,
      errorName: error.name,
      statusCode: error.statusCode,
      // Not `message`: that is the Logger's own key (the line's text), and an attribute of that name is dropped.
      reason: error.message,
    });
    const status =
      error instanceof ReplayedDeliveryError
        ? 'replayed'
        : error instanceof DuplicateBodyError
          ? 'duplicate'
          : error.statusCode >= 500
            ? 'error'
            : 'refused';
    return respond(error.statusCode, { status, message: error.message });
  }
}

/** The exact bytes GitHub signed: function URLs hand over text as is and other bodies base64-encoded. */
function rawBody(req: WebhookRequest): string {
  if (req.body === undefined) return '';
  return req.isBase64Encoded ? Buffer.from(req.body, 'base64').toString('utf8') : req.body;
}

/** GitHub sends `application/json`, or `application/x-www-form-urlencoded` with the JSON in `payload`. */
function parseJsonPayload(raw: string, contentType: string | undefined): unknown {
  const text = contentType?.startsWith('application/x-www-form-urlencoded')
    ? (new URLSearchParams(raw).get('payload') ?? '')
    : raw;
  try {
    return JSON.parse(text);
  } catch {
    throw new MalformedDeliveryError('body is not JSON');
  }
}

/** The finding a GitHub alert becomes (the webhook's and the backstop's). */
export function toFinding(findingId: string, identity: AlertIdentity, htmlUrl: string | undefined): Finding {
  return z.parse(FindingSchema, {
    findingId,
    source: 'github',
    ...(identity.fingerprint ? { fingerprint: identity.fingerprint } : {}),
    ...(identity.keyId ? { keyId: identity.keyId } : {}),
    abuse: false,
    location: (identity.htmlUrl ?? htmlUrl ?? findingId).slice(0, 1000),
    reason: `GitHub secret scanning alert (${identity.secretType ?? 'unknown type'})`.slice(0, 500),
    ...(identity.secretType ? { secretType: identity.secretType.slice(0, 128) } : {}),
    ...(identity.createdAt ? { detectedAt: identity.createdAt } : {}),
  });
}

/** Puts one finding on the bus as `rekey.github`; a failure is a FindingNotPublishedError. */
export async function publish(finding: Finding, deps: Pick<WebhookDeps, 'events' | 'eventBusName'>): Promise<void> {
  let out: { FailedEntryCount?: number; Entries?: { ErrorCode?: string }[] };
  try {
    out = await deps.events.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: deps.eventBusName,
            Source: GITHUB_EVENT.source,
            DetailType: GITHUB_EVENT.detailType,
            Detail: JSON.stringify(finding),
          },
        ],
      }),
    );
  } catch (err) {
    throw new FindingNotPublishedError(`PutEvents failed: ${(err as Error).name}`, { cause: err });
  }
  if ((out.FailedEntryCount ?? 0) > 0) {
    throw new FindingNotPublishedError(`PutEvents refused the finding: ${out.Entries?.[0]?.ErrorCode ?? 'unknown'}`);
  }
}

function respond(statusCode: number, body: Record<string, string>): WebhookResponse {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
