import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { holdSecret } from '../../../packages/client/src/held-secrets';
import { redact } from '../../../packages/client/src/redact';

const releases: Array<() => void> = [];
afterEach(() => {
  for (const release of releases.splice(0)) release();
});

const ANTHROPIC = `sk-ant-api03-${'Zx9_-'.repeat(18)}abcAA`;
const ANTHROPIC_ADMIN = `sk-ant-admin01-${'Qw3rT'.repeat(18)}xyzAA`;
const OPENAI_PROJECT = `sk-proj-${'Ab1_Cd2-'.repeat(20)}T3BlbkFJ${'Ef3_'.repeat(10)}`;
const OPENAI_SERVICE = `sk-svcacct-${'Gh4-Ij5_'.repeat(12)}`;
const OPENAI_ADMIN = `sk-admin-${'Kl6Mn7'.repeat(12)}`;
const OPENAI_LEGACY = `sk-${'Op8Qr9St0U'.repeat(4)}T3BlbkFJ`;
const AWS_ID = 'AKIAIOSFODNN7EXAMPLE';
const AWS_SESSION_ID = 'ASIAIOSFODNN7EXAMPLE';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const REKEY = `rk_${'a1B2c3D4e5'.repeat(4)}`;

describe('redact on known key shapes', () => {
  it.each([
    ['an Anthropic API key', `key=${ANTHROPIC} done`, 'key=[REDACTED] done'],
    ['an Anthropic admin key', `using ${ANTHROPIC_ADMIN}.`, 'using [REDACTED].'],
    ['an OpenAI project key', `OPENAI_API_KEY:${OPENAI_PROJECT}`, 'OPENAI_API_KEY:[REDACTED]'],
    ['an OpenAI service account key', `(${OPENAI_SERVICE})`, '([REDACTED])'],
    ['an OpenAI admin key', `admin ${OPENAI_ADMIN}`, 'admin [REDACTED]'],
    ['a legacy OpenAI key', `legacy ${OPENAI_LEGACY}`, 'legacy [REDACTED]'],
    ['an AWS access key id', `id ${AWS_ID} and ${AWS_SESSION_ID}`, 'id [REDACTED] and [REDACTED]'],
    ['an AWS secret key after its id', `${AWS_ID} ${AWS_SECRET}`, '[REDACTED] [REDACTED]'],
    ['an AWS secret key before its id', `secret=${AWS_SECRET}\nid=${AWS_ID}`, 'secret=[REDACTED]\nid=[REDACTED]'],
    ['a labelled AWS secret key', `aws_secret_access_key = ${AWS_SECRET}`, 'aws_secret_access_key = [REDACTED]'],
    [
      'a bearer token',
      'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig-nature_',
      'Authorization: Bearer [REDACTED]',
    ],
    ['an api_key query parameter', 'GET /v1?api_key=abcdef123456&x=1', 'GET /v1?api_key=[REDACTED]&x=1'],
    [
      'a JSON apiKey field',
      '{"apiKey": "hunter2hunter2", "keyId": "key_1"}',
      '{"apiKey": "[REDACTED]", "keyId": "key_1"}',
    ],
    ['an API key environment variable', 'ANTHROPIC_API_KEY=opaque-value-1234', 'ANTHROPIC_API_KEY=[REDACTED]'],
    ['an x-api-key header', 'x-api-key: some-opaque-value-1', 'x-api-key: [REDACTED]'],
    [
      'a client_secret form field',
      'grant_type=client_credentials&client_secret=cs_abcdefgh',
      'grant_type=client_credentials&client_secret=[REDACTED]',
    ],
    ['a rekey generated token', `token ${REKEY} ok`, 'token [REDACTED] ok'],
  ])('removes %s', (_name, input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('leaves ordinary text, ids, hashes and dates alone', () => {
    const text = [
      'max_tokens=1024 keyId=key_01 version 7c1f9a4e-1d2b-4c3d-8e9f-0a1b2c3d4e5f',
      'sha256 3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b',
      'at 2026-11-25T10:00:00.000Z the task-runner-abcdefghijklmnopqrstuvwxyz0123456 ran rk_short',
      'commit 0123456789abcdef0123456789abcdef01234567 by AKIA-not-a-key',
    ].join('\n');

    expect(redact(text)).toBe(text);
  });

  it('is idempotent', () => {
    const once = redact(`{"apiKey": "${ANTHROPIC}"} Bearer ${REKEY}`);

    expect(redact(once)).toBe(once);
  });
});

describe('redact on held values', () => {
  it('removes a value the process holds even when no pattern knows its shape', () => {
    const opaque = 'Zq8vN2pL0xR7tY4wK1mB';
    releases.push(holdSecret(opaque));

    expect(redact(`connecting with ${opaque}!`)).toBe('connecting with [REDACTED]!');
  });

  it('stops removing a value once released', () => {
    const opaque = 'Zq8vN2pL0xR7tY4wK1mC';
    const release = holdSecret(opaque);
    release();

    expect(redact(opaque)).toBe(opaque);
  });

  it('keeps the known option working and combines it with the registry', () => {
    const held = 'held-value-aaaaaaaa';
    releases.push(holdSecret(held));

    expect(redact('a=known-value-bbbbbbbb b=held-value-aaaaaaaa', { known: ['known-value-bbbbbbbb'] })).toBe(
      'a=[REDACTED] b=[REDACTED]',
    );
  });

  it('never lets a held key through, whatever surrounds it', () => {
    const key = 'q7W9e2R4t6Y8u0I1o3P5';
    releases.push(holdSecret(key));

    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => {
        expect(redact(`${before}${key}${after}`)).not.toContain(key);
      }),
    );
  });
});
