import type { IncomingMessage, ServerResponse } from 'node:http';
import { SnsVerificationError } from '../errors';
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

export interface SnsHttpSourceProps {
  /**
   * Topic ARNs whose messages are accepted; others are rejected with 403.
   * @default - any topic (signature still verified); set it in production
   */
  readonly topicArns?: readonly string[];
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
  /** For the certificate validity check. @default Date.now */
  readonly now?: () => number;
}

/** A change source that is also a `node:http` request handler: mount `handler` where SNS POSTs. */
export interface SnsHttpSource extends ChangeSource {
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * Push source over an SNS HTTPS subscription. The handler verifies every message's signature (SignatureVersion 1
 * and 2) with the certificate from SigningCertURL, fetched only from an `sns.<region>.amazonaws.com` host; answers
 * 403 to a bad signature or an unexpected topic; confirms SubscriptionConfirmation by fetching SubscribeURL; and
 * hands each verified fleet notification to every attached secret.
 *
 * ```ts
 * const sns = snsHttpSource({ topicArns: [fleetTopicArn] });
 * http.createServer(sns.handler).listen(8443);
 * const key = await RotatingSecret.open({ secretId, sources: [sns] });
 * ```
 */
export function snsHttpSource(props: SnsHttpSourceProps = {}): SnsHttpSource {
  const sinks = new Set<SecretSink>();
  const logger = props.logger ?? silentLogger;
  const fetchCertificate = props.fetchCertificate ?? cachingCertificateFetcher();
  const confirmSubscription = props.confirmSubscription ?? defaultConfirm;
  const maxBodyBytes = props.maxBodyBytes ?? 1_048_576;
  const allowed = props.topicArns === undefined ? undefined : new Set(props.topicArns);

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
    if (allowed !== undefined && !allowed.has(msg.TopicArn)) {
      logger.warn({ topicArn: msg.TopicArn, messageId: msg.MessageId }, 'SNS message from an unexpected topic');
      return 403;
    }
    try {
      await verifySnsMessage(msg, { fetchCertificate, region: props.region, now: props.now });
    } catch (err) {
      logger.warn({ topicArn: msg.TopicArn, messageId: msg.MessageId, ...describeError(err) }, 'SNS message rejected');
      return 403;
    }
    return onVerified(msg);
  };

  const onVerified = async (msg: SnsHttpMessage): Promise<number> => {
    const context = { topicArn: msg.TopicArn, messageId: msg.MessageId };
    if (msg.Type === 'SubscriptionConfirmation') {
      if (msg.SubscribeURL === undefined || !isSnsUrl(msg.SubscribeURL, props.region)) {
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
    attach(sink) {
      sinks.add(sink);
    },
    async detach(sink) {
      sinks.delete(sink);
    },
  };
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
