import { verify, X509Certificate } from 'node:crypto';
import * as z from 'zod/mini';
import { SnsVerificationError } from '../errors';

/** An SNS HTTP(S) delivery: the JSON document SNS POSTs to a subscribed endpoint. */
export const SnsHttpMessageSchema = z.looseObject({
  Type: z.enum(['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation']),
  MessageId: z.string().check(z.minLength(1)),
  TopicArn: z.string().check(z.minLength(1)),
  Subject: z.optional(z.string()),
  Message: z.string(),
  Timestamp: z.string().check(z.minLength(1)),
  SignatureVersion: z.enum(['1', '2']),
  Signature: z.string().check(z.minLength(1)),
  SigningCertURL: z.string().check(z.minLength(1)),
  SubscribeURL: z.optional(z.string()),
  Token: z.optional(z.string()),
  UnsubscribeURL: z.optional(z.string()),
});
export type SnsHttpMessage = z.infer<typeof SnsHttpMessageSchema>;

/** Fetches a PEM certificate from a (verified) SNS SigningCertURL. */
export type CertificateFetcher = (url: string) => Promise<string>;

/**
 * Whether a URL is an SNS endpoint: `https://sns.<region>.amazonaws.com[.cn]/…`, optionally only `region`'s. Used
 * for SigningCertURL (before fetching the certificate) and SubscribeURL (before confirming).
 */
export function isSnsUrl(url: string, region?: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' || u.username !== '' || u.password !== '' || u.port !== '') return false;
  const m = /^sns\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?:\.cn)?$/.exec(u.hostname);
  return m !== null && (region === undefined || m[1] === region);
}

/** The canonical string SNS signs: `Name\nvalue\n` for the type's fields, in this order, absent ones skipped. */
export function stringToSign(msg: SnsHttpMessage): string {
  const fields =
    msg.Type === 'Notification'
      ? (['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'] as const)
      : (['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'] as const);
  let out = '';
  for (const name of fields) {
    const value = msg[name];
    if (value !== undefined) out += `${name}\n${value}\n`;
  }
  return out;
}

export interface VerifyOptions {
  readonly fetchCertificate: CertificateFetcher;
  /** Accept certificates only from this region's SNS host. */
  readonly region?: string;
  /** For the certificate validity check. */
  readonly now?: () => number;
}

/**
 * Verifies an SNS message signature (SignatureVersion 1: RSA-SHA1, 2: RSA-SHA256) against the certificate at
 * SigningCertURL, which is fetched only when it is an SNS https URL. Throws SnsVerificationError on any failure.
 */
export async function verifySnsMessage(msg: SnsHttpMessage, options: VerifyOptions): Promise<void> {
  if (!isSnsUrl(msg.SigningCertURL, options.region) || !new URL(msg.SigningCertURL).pathname.endsWith('.pem')) {
    throw new SnsVerificationError(`SigningCertURL is not an SNS certificate URL: ${msg.SigningCertURL}`);
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(await options.fetchCertificate(msg.SigningCertURL));
  } catch (err) {
    throw new SnsVerificationError('could not fetch or parse the SNS signing certificate', { cause: err });
  }
  const now = options.now?.() ?? Date.now();
  if (now < Date.parse(cert.validFrom) || now > Date.parse(cert.validTo)) {
    throw new SnsVerificationError('the SNS signing certificate is outside its validity period');
  }
  const algorithm = msg.SignatureVersion === '1' ? 'sha1' : 'sha256';
  const ok = verify(
    algorithm,
    Buffer.from(stringToSign(msg), 'utf8'),
    cert.publicKey,
    Buffer.from(msg.Signature, 'base64'),
  );
  if (!ok) throw new SnsVerificationError(`bad SNS signature on message ${msg.MessageId}`);
}

/**
 * The default certificate fetcher: HTTPS GET with a timeout, cached per URL (SNS rotates certificates rarely and
 * names each by URL).
 */
export function cachingCertificateFetcher(timeoutMs = 5000): CertificateFetcher {
  const cache = new Map<string, Promise<string>>();
  return (url) => {
    let pem = cache.get(url);
    if (pem === undefined) {
      pem = fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' }).then(async (res) => {
        if (!res.ok) throw new SnsVerificationError(`certificate fetch answered ${res.status}`);
        return res.text();
      });
      pem.catch(() => cache.delete(url));
      cache.set(url, pem);
    }
    return pem;
  };
}
