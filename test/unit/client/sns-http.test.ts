import { execFileSync } from 'node:child_process';
import { sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ClientConfigError, SnsMessageOutsideWindowError } from '../../../packages/client/src/errors';
import type { FleetNotification } from '../../../packages/client/src/notification';
import {
  checkTimestamp,
  type SnsHttpSource,
  type SnsHttpSourceProps,
  snsHttpSource,
} from '../../../packages/client/src/sources/sns-http';
import { isSnsUrl, type SnsHttpMessage, stringToSign } from '../../../packages/client/src/sources/sns-signature';
import type { SecretSink } from '../../../packages/client/src/sources/types';
import { memoryLogger } from './support/memory-logger';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:rekey-fleet';
const CERT_URL = 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem';
const notification: FleetNotification = {
  event: 'rotated',
  secretName: 'rekey/agents/support',
  versionId: 'v2',
  at: '2026-11-25T10:00:00.000Z',
};

/** The test's clock: the certificates openssl makes are valid from the real now, so the clock starts there. */
let clock = Date.now();
const at = (offsetMs = 0) => new Date(clock + offsetMs).toISOString();

let dir = '';
let certPem = '';
let keyPem = '';
let otherKeyPem = '';
let server: Server | undefined;

/** Makes a self-signed certificate and key with openssl, as SNS's signing certificate stand-in. */
function makeCert(name: string): { cert: string; key: string } {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=sns.amazonaws.com',
      '-keyout',
      join(dir, `${name}.key`),
      '-out',
      join(dir, `${name}.pem`),
    ],
    { stdio: 'ignore' },
  );
  return { cert: readFileSync(join(dir, `${name}.pem`), 'utf8'), key: readFileSync(join(dir, `${name}.key`), 'utf8') };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rekey-sns-'));
  ({ cert: certPem, key: keyPem } = makeCert('sns'));
  otherKeyPem = makeCert('attacker').key;
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  clock = Date.now();
});

afterEach(async () => {
  const s = server;
  server = undefined;
  if (s === undefined) return;
  s.closeAllConnections();
  await new Promise((resolve) => s.close(resolve));
});

function signed(msg: Omit<SnsHttpMessage, 'Signature'>, key = keyPem): SnsHttpMessage {
  const unsigned = { ...msg, Signature: 'placeholder' } as SnsHttpMessage;
  const algorithm = msg.SignatureVersion === '1' ? 'sha1' : 'sha256';
  return { ...unsigned, Signature: sign(algorithm, Buffer.from(stringToSign(unsigned)), key).toString('base64') };
}

function notificationMessage(version: '1' | '2', overrides: Partial<SnsHttpMessage> = {}): SnsHttpMessage {
  return signed({
    Type: 'Notification',
    MessageId: 'a1b2c3',
    TopicArn: TOPIC,
    Subject: 'rekey rotated',
    Message: JSON.stringify(notification),
    Timestamp: at(),
    SignatureVersion: version,
    SigningCertURL: CERT_URL,
    UnsubscribeURL: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
    ...overrides,
  });
}

async function serve(options: Partial<SnsHttpSourceProps> = {}) {
  const fetched: string[] = [];
  const confirmed: string[] = [];
  const received: FleetNotification[] = [];
  const logger = memoryLogger();
  const source: SnsHttpSource = snsHttpSource({
    topicArns: [TOPIC],
    fetchCertificate: async (url) => {
      fetched.push(url);
      return certPem;
    },
    confirmSubscription: async (url) => void confirmed.push(url),
    logger,
    now: () => clock,
    ...options,
  });
  const sink: SecretSink = { notify: (n) => void received.push(n), invalidate: () => undefined };
  source.attach(sink);
  server = createServer(source.handler);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sns`;
  const post = async (body: unknown, type?: string) =>
    (
      await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=UTF-8', ...(type ? { 'x-amz-sns-message-type': type } : {}) },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      })
    ).status;
  return { url, post, fetched, confirmed, received, logger, source };
}

describe('snsHttpSource signature verification', () => {
  it.each(['1', '2'] as const)('accepts a notification signed with SignatureVersion %s', async (version) => {
    const { post, received, fetched } = await serve();

    const status = await post(notificationMessage(version), 'Notification');

    expect(status).toBe(200);
    expect(received).toEqual([notification]);
    expect(fetched).toEqual([CERT_URL]);
  });

  it('rejects a tampered message with 403 and hands nothing on', async () => {
    const { post, received } = await serve();
    const msg = notificationMessage('2');

    const status = await post({ ...msg, Message: JSON.stringify({ ...notification, versionId: 'v-evil' }) });

    expect(status).toBe(403);
    expect(received).toEqual([]);
  });

  it('rejects a message signed by another key with 403', async () => {
    const { post, received } = await serve();

    const status = await post(signed({ ...notificationMessage('2'), MessageId: 'forged' }, otherKeyPem));

    expect(status).toBe(403);
    expect(received).toEqual([]);
  });

  it.each([
    'https://evil.example.com/SimpleNotificationService-1.pem',
    'https://sns.us-east-1.amazonaws.com.evil.example.com/cert.pem',
    'http://sns.us-east-1.amazonaws.com/SimpleNotificationService-1.pem',
    'https://sns.us-east-1.amazonaws.com/not-a-certificate.txt',
  ])('never fetches a certificate from %s and answers 403', async (certUrl) => {
    const { post, fetched } = await serve();

    const status = await post(notificationMessage('2', { SigningCertURL: certUrl }));

    expect(status).toBe(403);
    expect(fetched).toEqual([]);
  });

  it('accepts only the configured region when one is set', async () => {
    const { post, fetched } = await serve({ region: 'eu-west-1' });

    const status = await post(notificationMessage('2'));

    expect(status).toBe(403);
    expect(fetched).toEqual([]);
  });

  it('rejects a topic it was not configured for with 403', async () => {
    const { post, received } = await serve();

    const status = await post(notificationMessage('2', { TopicArn: 'arn:aws:sns:us-east-1:123456789012:other' }));

    expect(status).toBe(403);
    expect(received).toEqual([]);
  });

  it('answers 405 to anything but POST and 400 to a body that is not an SNS message', async () => {
    const { url, post } = await serve();

    const get = (await fetch(url)).status;
    const garbage = await post('not json');
    const wrongShape = await post({ hello: 'world' });

    expect([get, garbage, wrongShape]).toEqual([405, 400, 400]);
  });
});

describe('snsHttpSource subscription handling', () => {
  const confirmation = (subscribeUrl: string) =>
    signed({
      Type: 'SubscriptionConfirmation',
      MessageId: 'c1',
      Token:
        '2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736',
      TopicArn: TOPIC,
      Message: `You have chosen to subscribe to the topic ${TOPIC}.`,
      SubscribeURL: subscribeUrl,
      Timestamp: at(),
      SignatureVersion: '2',
      SigningCertURL: CERT_URL,
    });

  it('confirms a verified SubscriptionConfirmation by fetching its SubscribeURL', async () => {
    const subscribeUrl = `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=y`;
    const { post, confirmed } = await serve();

    const status = await post(confirmation(subscribeUrl), 'SubscriptionConfirmation');

    expect(status).toBe(200);
    expect(confirmed).toEqual([subscribeUrl]);
  });

  it('does not visit a SubscribeURL outside SNS', async () => {
    const { post, confirmed } = await serve();

    const status = await post(confirmation('https://evil.example.com/?Action=ConfirmSubscription'));

    expect(status).toBe(403);
    expect(confirmed).toEqual([]);
  });
});

describe('snsHttpSource topic allow-list', () => {
  it.each([
    ['missing', undefined],
    ['empty', []],
  ])('refuses to start when topicArns is %s, naming the option', (_name, topicArns) => {
    const make = () => snsHttpSource({ topicArns } as unknown as SnsHttpSourceProps);

    expect(make).toThrow(ClientConfigError);
    expect(make).toThrow(/topicArns/);
  });

  it('refuses a topicArns entry that is not an SNS topic ARN', () => {
    expect(() => snsHttpSource({ topicArns: [TOPIC, '*'] })).toThrow(/topicArns\[1\] is not an SNS topic ARN/);
  });

  it('never confirms a subscription to a topic it was not configured for, from any account', async () => {
    const other = 'arn:aws:sns:us-east-1:999999999999:attacker-topic';
    const { post, confirmed, fetched } = await serve();
    const msg = signed({
      Type: 'SubscriptionConfirmation',
      MessageId: 'c-other',
      Token: 'token-for-another-topic',
      TopicArn: other,
      Message: `You have chosen to subscribe to the topic ${other}.`,
      SubscribeURL: `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${other}&Token=t`,
      Timestamp: at(),
      SignatureVersion: '2',
      SigningCertURL: CERT_URL,
    });

    const status = await post(msg, 'SubscriptionConfirmation');

    expect(status).toBe(403);
    expect(confirmed).toEqual([]);
    expect(fetched).toEqual([]);
  });

  it('does not confirm a listed topic whose SubscribeURL names another topic', async () => {
    const { post, confirmed } = await serve();
    const msg = signed({
      Type: 'SubscriptionConfirmation',
      MessageId: 'c-swap',
      Token: 't',
      TopicArn: TOPIC,
      Message: 'subscribe',
      SubscribeURL:
        'https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-1:999999999999:x&Token=t',
      Timestamp: at(),
      SignatureVersion: '2',
      SigningCertURL: CERT_URL,
    });

    const status = await post(msg, 'SubscriptionConfirmation');

    expect(status).toBe(403);
    expect(confirmed).toEqual([]);
  });
});

describe('snsHttpSource replay protection', () => {
  it.each([
    ['six minutes old', -6 * 60_000],
    ['six minutes in the future', 6 * 60_000],
  ])('refuses a correctly signed message %s with 403, logged by MessageId only', async (_name, offset) => {
    const { post, received, fetched, logger, source } = await serve();
    const msg = notificationMessage('2', { MessageId: 'stale-1', Timestamp: at(offset) });

    const status = await post(msg);

    expect(status).toBe(403);
    expect(received).toEqual([]);
    expect(fetched).toEqual([]);
    expect(source.rejections().outsideWindow).toBe(1);
    const entry = logger.entries.find((e) => e.msg === 'SNS message outside the time window');
    expect(entry?.obj).toMatchObject({ messageId: 'stale-1', errorName: 'SnsMessageOutsideWindowError' });
    expect(logger.text()).not.toContain(msg.Signature);
    expect(logger.text()).not.toContain('rekey/agents/support');
  });

  it('accepts a message just inside the default five-minute window', async () => {
    const { post, received } = await serve();

    const status = await post(notificationMessage('2', { Timestamp: at(-4 * 60_000) }));

    expect(status).toBe(200);
    expect(received).toEqual([notification]);
  });

  it('honours a configured window', async () => {
    const { post, received } = await serve({ timestampToleranceMs: 30_000 });

    const status = await post(notificationMessage('2', { Timestamp: at(-60_000) }));

    expect(status).toBe(403);
    expect(received).toEqual([]);
  });

  it('refuses a message whose Timestamp was rewritten to now, since the Timestamp is signed', async () => {
    const { post, received } = await serve();
    const captured = notificationMessage('2', { Timestamp: at(-60 * 60_000) });

    const status = await post({ ...captured, Timestamp: at() });

    expect(status).toBe(403);
    expect(received).toEqual([]);
  });

  it('drops a replay of an accepted message inside the window, answering 200 so SNS stops', async () => {
    const { post, received, source } = await serve();
    const msg = notificationMessage('2', { MessageId: 'once' });

    const first = await post(msg);
    const replay = await post(msg);

    expect([first, replay]).toEqual([200, 200]);
    expect(received).toEqual([notification]);
    expect(source.rejections().duplicate).toBe(1);
  });

  it('lets a forged message with a real MessageId change nothing: the real one still arrives', async () => {
    const { post, received } = await serve();
    const forged = signed({ ...notificationMessage('2'), MessageId: 'real-id' }, otherKeyPem);

    const forgedStatus = await post(forged);
    const realStatus = await post(notificationMessage('2', { MessageId: 'real-id' }));

    expect([forgedStatus, realStatus]).toEqual([403, 200]);
    expect(received).toEqual([notification]);
  });

  it('accepts SNS redelivering a confirmation whose first delivery failed', async () => {
    let attempts = 0;
    const { post } = await serve({
      confirmSubscription: async () => {
        attempts++;
        if (attempts === 1) throw new Error('connection reset');
      },
    });
    const msg = signed({
      Type: 'SubscriptionConfirmation',
      MessageId: 'c-retry',
      Token: 't',
      TopicArn: TOPIC,
      Message: 'subscribe',
      SubscribeURL: `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=t`,
      Timestamp: at(),
      SignatureVersion: '2',
      SigningCertURL: CERT_URL,
    });

    const statuses = [await post(msg), await post(msg)];

    expect(statuses).toEqual([502, 200]);
    expect(attempts).toBe(2);
  });

  it('accepts a MessageId again once its window has passed only if the message is new', async () => {
    const { post, received } = await serve();
    const first = notificationMessage('2', { MessageId: 'later' });
    await post(first);
    clock += 10 * 60_000;

    const replayed = await post(first);
    const fresh = await post(notificationMessage('2', { MessageId: 'later' }));

    expect([replayed, fresh]).toEqual([403, 200]);
    expect(received).toEqual([notification, notification]);
  });

  it('refuses a Timestamp that is not a date', () => {
    expect(() => checkTimestamp({ MessageId: 'm', Timestamp: 'yesterday' }, clock, 300_000)).toThrow(
      SnsMessageOutsideWindowError,
    );
  });

  it.each([0, Number.NaN, 7_200_000])('refuses a timestampToleranceMs of %s, naming the option', (value) => {
    expect(() => snsHttpSource({ topicArns: [TOPIC], timestampToleranceMs: value })).toThrow(
      /timestampToleranceMs must be between 1000 and 3600000/,
    );
  });
});

describe('isSnsUrl', () => {
  it('accepts SNS hosts in commercial and China regions only over https', () => {
    expect(isSnsUrl('https://sns.us-east-1.amazonaws.com/a.pem')).toBe(true);
    expect(isSnsUrl('https://sns.cn-north-1.amazonaws.com.cn/a.pem')).toBe(true);
    expect(isSnsUrl('https://sns.us-gov-west-1.amazonaws.com/a.pem')).toBe(true);
    expect(isSnsUrl('https://sns.amazonaws.com/a.pem')).toBe(false);
    expect(isSnsUrl('https://sns.us-east-1.amazonaws.com:8443/a.pem')).toBe(false);
    expect(isSnsUrl('https://user@sns.us-east-1.amazonaws.com/a.pem')).toBe(false);
  });
});
