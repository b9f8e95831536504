import type { IncomingMessage, ServerResponse } from 'node:http';
import { ClientConfigError, SnsMessageOutsideWindowError, SnsVerificationError } from '../errors';
import { parseFleetMessage } from '../fleet-message';
import { type ClientLogger, describeError, silentLogger } from '../logger';
import { dispatch } from './dispatch';
import {
  type CertificateFetcher,
  cachingCertificateFetcher,
  isSnsUrl,
  type SnsHttpMessage,
  SnsHttpMessageSchema,
  verifySnsMessage,
} from './sns-signature';
import type { ChangeSource, SecretSink } from './types';

// What a caller that takes only this entry point (`@rekey/client/sources/sns-http`) needs to tell refusals apart.
export { SnsMessageOutsideWindowError, SnsVerificationError } from '../errors';

export interface SnsHttpSourceProps {
  /**
   * Topic ARNs whose messages are accepted (and whose subscriptions are confirmed); every other topic is answered
   * 403 before its certificate is fetched. Required and non-empty: SNS signs every topic's messages with the same
   * certificates, so a signature alone says nothing about whose topic sent a message.
   */
  readonly topicArns: readonly string[];
  /**
   * How far a message's signed `Timestamp` may be from now, either side, in milliseconds. A message outside the
   * window is answered 403 (SnsMessageOutsideWindowError, logged by MessageId); inside it, a MessageId seen before
   * is dropped (answered 200 so SNS stops redelivering, handed to no secret). SNS retries a failed delivery with the
   * original Timestamp, so the window bounds how long retries are accepted too.
   * @default 300_000 (5 minutes)
   */
  readonly timestampToleranceMs?: number;
  /**
   * Accept certificates and subscription URLs only from this region's SNS host.
   * @default - any region's `sns.<region>.amazonaws.com`
   */
  readonly region?: string;
  /**
   * Fetches the signing certificate (called only for SNS https URLs).
   * @default - HTTPS GET with a 5 s timeout, cached per URL
   */
  readonly fetchCertificate?: CertificateFetcher;
  /**
   * Confirms a subscription by visiting its SubscribeURL (called only for SNS https URLs of allowed topics).
   * @default - HTTPS GET with a 5 s timeout
   */
  readonly confirmSubscription?: (subscribeUrl: string) => Promise<void>;
  /**
   * Largest request body accepted, in bytes.
   * @default 1_048_576
   */
  readonly maxBodyBytes?: number;
  readonly logger?: ClientLogger;
  /** For the Timestamp window and the certificate validity check. @default Date.now */
  readonly now?: () => number;
}

/** Messages refused or dropped since the source was made, by reason. Never their content. */
export interface SnsHttpRejections {
  /** Timestamp outside the window (or not a date). */
  readonly outsideWindow: number;
  /** A MessageId already accepted within the window: a replay or a redelivery. */
  readonly duplicate: number;
  /** Topic not in `topicArns`. */
  readonly unexpectedTopic: number;
  /** Untrusted certificate URL or bad signature. */
  readonly badSignature: number;
}

/** A change source that is also a `node:http` request handler: mount `handler` where SNS POSTs. */
export interface SnsHttpSource extends ChangeSource {
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** Counts of refused and dropped messages, for metrics. */
  rejections(): SnsHttpRejections;
}

/** Default `timestampToleranceMs`: 5 minutes either side of now. */
export const DEFAULT_SNS_TIMESTAMP_TOLERANCE_MS = 300_000;

/**
 * Push source over an SNS HTTPS subscription. The handler accepts only the listed topics; refuses a message whose
 * signed Timestamp is outside the window; verifies every message's signature (SignatureVersion 1 and 2) with the
 * certificate from SigningCertURL, fetched only from an `sns.<region>.amazonaws.com` host; drops a MessageId it has
 * already accepted; confirms a listed topic's SubscriptionConfirmation by fetching its SubscribeURL; and hands each
 * verified fleet notification to every attached secret. Throws ClientConfigError without `topicArns`.
 *
 * ```ts
 * const sns = snsHttpSource({ topicArns: [fleetTopicArn] });
 * http.createServer(sns.handler).listen(8443);
 * const key = await RotatingSecret.open({ secretId, sources: [sns] });
 * ```
 */
export function snsHttpSource(props: SnsHttpSourceProps): SnsHttpSource {
  const allowed = allowedTopics(props?.topicArns);
  const tolerance = toleranceOf(props.timestampToleranceMs);
  const sinks = new Set<SecretSink>();
  const logger = props.logger ?? silentLogger;
  const fetchCertificate = props.fetchCertificate ?? cachingCertificateFetcher();
  const confirmSubscription = props.confirmSubscription ?? defaultConfirm;
  const maxBodyBytes = props.maxBodyBytes ?? 1_048_576;
  const now = props.now ?? Date.now;
  const seen = new SeenMessages();
  const counts = { outsideWindow: 0, duplicate: 0, unexpectedTopic: 0, badSignature: 0 };

  const handle = async (req: IncomingMessage): Promise<number> => {
    if (req.method !== 'POST') return 405;
    const body = await readBody(req, maxBodyBytes);
    if (body === undefined) return 413;
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return 400;
    }
    const parsed = SnsHttpMessageSchema.safeParse(json);
    if (!parsed.success) return 400;
    const msg = parsed.data;
    const headerType = req.headers['x-amz-sns-message-type'];
    if (headerType !== undefined && headerType !== msg.Type) return 400;
    if (!allowed.has(msg.TopicArn)) {
      counts.unexpectedTopic++;
      logger.warn({ topicArn: msg.TopicArn, messageId: msg.MessageId }, 'SNS message from an unexpected topic');
      return 403;
    }
    // Before the signature, so a flood of stale captures costs no certificate fetch; the Timestamp is signed, so a
    // message that passes here with a forged Timestamp still fails verification below.
    try {
      checkTimestamp(msg, now(), tolerance);
    } catch (err) {
      counts.outsideWindow++;
      logger.warn({ messageId: msg.MessageId, ...describeError(err) }, 'SNS message outside the time window');
      return 403;
    }
    try {
      await verifySnsMessage(msg, { fetchCertificate, region: props.region, now });
    } catch (err) {
      counts.badSignature++;
      logger.warn({ topicArn: msg.TopicArn, messageId: msg.MessageId, ...describeError(err) }, 'SNS message rejected');
      return 403;
    }
    // Recorded only once verified, so a forged message cannot claim a real one's MessageId first.
    const at = now();
    if (!seen.add(msg.MessageId, Date.parse(msg.Timestamp) + tolerance, at)) {
      counts.duplicate++;
      logger.warn({ messageId: msg.MessageId }, 'SNS message already received; dropped');
      return 200;
    }
    const status = await onVerified(msg);
    // A refused or failed delivery is forgotten, so SNS's own retry of it is accepted.
    if (status !== 200) seen.delete(msg.MessageId);
    return status;
  };

  const onVerified = async (msg: SnsHttpMessage): Promise<number> => {
    const context = { topicArn: msg.TopicArn, messageId: msg.MessageId };
    if (msg.Type === 'SubscriptionConfirmation') {
      if (
        msg.SubscribeURL === undefined ||
        !isSnsUrl(msg.SubscribeURL, props.region) ||
        !confirmsTopic(msg.SubscribeURL, msg.TopicArn)
      ) {
        logger.warn(context, 'SubscribeURL is not an SNS URL; not confirming');
        return 403;
      }
      try {
        await confirmSubscription(msg.SubscribeURL);
      } catch (err) {
        logger.warn({ ...context, ...describeError(err) }, 'subscription confirmation failed');
        return 502;
      }
      logger.info(context, 'SNS subscription confirmed');
      return 200;
    }
    if (msg.Type === 'UnsubscribeConfirmation') {
      logger.warn(context, 'SNS subscription was removed');
      return 200;
    }
    try {
      dispatch(sinks, parseFleetMessage(msg.Message), logger);
    } catch (err) {
      // Verified but not a fleet notification: acknowledge it so SNS does not retry it.
      logger.warn({ ...context, ...describeError(err) }, 'malformed fleet notification; ignored');
    }
    return 200;
  };

  return {
    kind: 'sns-http',
    handler(req, res) {
      void handle(req)
        .catch((err: unknown) => {
          logger.error(describeError(err), 'SNS endpoint failed');
          return 500;
        })
        .then((status) => {
          res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'rejected');
        })
        .catch(() => res.destroy());
    },
    rejections() {
      return { ...counts };
    },
    attach(sink) {
      sinks.add(sink);
    },
    async detach(sink) {
      sinks.delete(sink);
    },
  };
}

function allowedTopics(topicArns: readonly string[] | undefined): ReadonlySet<string> {
  if (topicArns === undefined || !Array.isArray(topicArns) || topicArns.length === 0) {
    throw new ClientConfigError(
      'snsHttpSource needs topicArns: the ARNs of the SNS topics this endpoint accepts (there is no "any topic" default)',
    );
  }
  const bad = topicArns.findIndex((t) => typeof t !== 'string' || !t.startsWith('arn:') || !t.includes(':sns:'));
  if (bad !== -1) {
    throw new ClientConfigError(`snsHttpSource topicArns[${bad}] is not an SNS topic ARN`);
  }
  return new Set(topicArns);
}

function toleranceOf(value: number | undefined): number {
  if (value === undefined) return DEFAULT_SNS_TIMESTAMP_TOLERANCE_MS;
  if (!Number.isFinite(value) || value < 1000 || value > 3_600_000) {
    throw new ClientConfigError(
      `snsHttpSource timestampToleranceMs must be between 1000 and 3600000 milliseconds, got ${String(value)}`,
    );
  }
  return value;
}

/** Throws SnsMessageOutsideWindowError unless the message's Timestamp is a date within `tolerance` of `now`. */
export function checkTimestamp(
  msg: Pick<SnsHttpMessage, 'MessageId' | 'Timestamp'>,
  now: number,
  tolerance: number,
): void {
  const sent = Date.parse(msg.Timestamp);
  if (Number.isNaN(sent)) {
    throw new SnsMessageOutsideWindowError(msg.MessageId, `SNS message ${msg.MessageId} has no valid Timestamp`);
  }
  const skew = now - sent;
  if (Math.abs(skew) > tolerance) {
    const seconds = Math.round(Math.abs(skew) / 1000);
    throw new SnsMessageOutsideWindowError(
      msg.MessageId,
      `SNS message ${msg.MessageId} was sent ${seconds} s ${skew > 0 ? 'ago' : 'in the future'}; the window is ${Math.round(tolerance / 1000)} s either side`,
    );
  }
}

/** Whether a SubscribeURL confirms the (signed) topic the message came from, and nothing else. */
function confirmsTopic(subscribeUrl: string, topicArn: string): boolean {
  const params = new URL(subscribeUrl).searchParams;
  return params.get('Action') === 'ConfirmSubscription' && params.get('TopicArn') === topicArn;
}

/**
 * MessageIds accepted within the window, each kept until its message could no longer pass the Timestamp check.
 * Expired entries are pruned whenever the map has doubled since the last prune, so its size stays bounded by the
 * message rate times the window.
 */
class SeenMessages {
  readonly #expires = new Map<string, number>();
  #pruneAt = 1024;

  /** Records an id; false when it is already recorded and not expired. */
  add(id: string, expiresAt: number, now: number): boolean {
    const known = this.#expires.get(id);
    if (known !== undefined && known >= now) return false;
    this.#expires.set(id, expiresAt);
    if (this.#expires.size >= this.#pruneAt) {
      for (const [k, e] of this.#expires) if (e < now) this.#expires.delete(k);
      this.#pruneAt = Math.max(1024, this.#expires.size * 2);
    }
    return true;
  }

  delete(id: string): void {
    this.#expires.delete(id);
  }
}

async function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) return undefined;
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function defaultConfirm(url: string): Promise<void> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000), redirect: 'error' });
  if (!res.ok) throw new SnsVerificationError(`SubscribeURL answered ${res.status}`);
}
