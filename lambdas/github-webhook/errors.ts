import { RekeyError } from '../common/errors';

/**
 * Why the GitHub webhook receiver refused or failed a delivery, each with the HTTP status GitHub sees. Messages
 * name delivery ids, repositories and alert numbers; never the payload, the secret or the signature.
 */
export class WebhookError extends RekeyError {
  constructor(
    message: string,
    readonly statusCode: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'WebhookError';
  }
}

/** No X-Hub-Signature-256 header: the delivery is not signed. */
export class SignatureMissingError extends WebhookError {
  constructor() {
    super('delivery has no X-Hub-Signature-256 header', 401);
    this.name = 'SignatureMissingError';
  }
}

/** The signature does not match the body under the webhook secret (forged, altered, or signed with another secret). */
export class SignatureMismatchError extends WebhookError {
  constructor() {
    super('X-Hub-Signature-256 does not match the body', 401);
    this.name = 'SignatureMismatchError';
  }
}

/** A delivery id seen before: a replay (or GitHub redelivering one that was already taken). */
export class ReplayedDeliveryError extends WebhookError {
  constructor(readonly deliveryId: string) {
    super(`delivery ${deliveryId} was already received`, 409);
    this.name = 'ReplayedDeliveryError';
  }
}

/**
 * A verified body seen before under another delivery id: a captured delivery replayed with a fresh
 * X-GitHub-Delivery. Refused like a replayed delivery id, so the finding is published once.
 */
export class DuplicateBodyError extends WebhookError {
  constructor(readonly deliveryId: string) {
    super(`delivery ${deliveryId} repeats the body of a delivery already received`, 409);
    this.name = 'DuplicateBodyError';
  }
}

/** A signed delivery that is not what GitHub documents (headers, JSON, payload shape). */
export class MalformedDeliveryError extends WebhookError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 400, options);
    this.name = 'MalformedDeliveryError';
  }
}

/** The request is not a POST. */
export class MethodNotAllowedError extends WebhookError {
  constructor(method: string) {
    super(`method ${method.slice(0, 10)} is not allowed`, 405);
    this.name = 'MethodNotAllowedError';
  }
}

/** The GitHub REST API did not return the alert (network, status, shape); GitHub may redeliver. */
export class GitHubApiError extends WebhookError {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, 502, options);
    this.name = 'GitHubApiError';
  }
}

/** EventBridge did not take the finding; GitHub may redeliver. */
export class FindingNotPublishedError extends WebhookError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 502, options);
    this.name = 'FindingNotPublishedError';
  }
}
