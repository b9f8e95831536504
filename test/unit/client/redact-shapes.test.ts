import { createHash, generateKeyPairSync, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { guardOutput } from '../../../packages/client/src/output-guard';
import type { KeyKind } from '../../../packages/client/src/patterns';
import { redact } from '../../../packages/client/src/redact';

/**
 * One planted canary per credential shape the redactor must know, made fresh each run, in the text it is really
 * found in. Each must be gone from redact()'s output and from guardOutput's redact mode, which must name its kind.
 */
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const random = (n: number, alphabet = ALNUM) =>
  Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');

/** A 40-character AWS secret access key with both cases and both of `/` and `+`, as AWS issues them. */
function awsSecretKey(): string {
  const body = random(36, `${ALNUM}/+`);
  return `${body.slice(0, 10)}/${body.slice(10, 20)}+${body.slice(20)}aZ`;
}

function pemPrivateKey(): { pem: string; body: string[] } {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { pem, body: pem.split('\n').filter((l) => l !== '' && !l.startsWith('-----')) };
}

interface Planted {
  readonly text: string;
  /** Every fragment that must not survive. */
  readonly canaries: readonly string[];
  readonly kind: KeyKind;
  /** Text around the canary that must survive (labels, hosts). */
  readonly kept: readonly string[];
}

const SHAPES: ReadonlyArray<[string, () => Planted]> = [
  [
    'a lone AWS secret access key in a credentials file',
    () => {
      const k = awsSecretKey();
      return {
        text: `[default]\nregion = eu-west-1\naws_secret_access_key = ${k}\n`,
        canaries: [k],
        kind: 'aws-secret-key',
        kept: ['aws_secret_access_key = '],
      };
    },
  ],
  [
    'a lone AWS secret access key in an environment dump',
    () => {
      const k = awsSecretKey();
      return {
        text: `HOME=/home/agent\nAWS_SECRET_ACCESS_KEY=${k}\nAWS_REGION=us-east-1`,
        canaries: [k],
        kind: 'aws-secret-key',
        kept: ['AWS_REGION=us-east-1'],
      };
    },
  ],
  [
    'a lone AWS secret access key in an STS XML answer',
    () => {
      const k = awsSecretKey();
      return {
        text: `<Credentials><SecretAccessKey>${k}</SecretAccessKey><Expiration>2026-11-25T11:00:00Z</Expiration>`,
        canaries: [k],
        kind: 'aws-secret-key',
        kept: ['<SecretAccessKey>'],
      };
    },
  ],
  [
    'a JSON-escaped secretAccessKey inside a logged string',
    () => {
      const k = awsSecretKey();
      const inner = JSON.stringify({ accessKeyId: 'redacted-elsewhere', secretAccessKey: k });
      return {
        text: JSON.stringify({ level: 'error', msg: 'sdk config', detail: inner }),
        canaries: [k, JSON.stringify(k).slice(1, -1)],
        kind: 'aws-secret-key',
        kept: ['secretAccessKey'],
      };
    },
  ],
  [
    'a JSON-escaped SecretAccessKey written as {\\"SecretAccessKey\\":\\"…\\"}',
    () => {
      const k = awsSecretKey();
      return {
        text: `body: "{\\"SecretAccessKey\\":\\"${k}\\",\\"SessionToken\\":\\"x\\"}"`,
        canaries: [k],
        kind: 'aws-secret-key',
        kept: ['{\\"SecretAccessKey\\":\\"'],
      };
    },
  ],
  [
    'a URL-encoded AWS secret access key in a form body',
    () => {
      const k = awsSecretKey();
      const enc = encodeURIComponent(k);
      return {
        text: `Action=SetCredentials&SecretAccessKey=${enc}&Version=2011-06-15`,
        canaries: [enc],
        kind: 'aws-secret-key',
        kept: ['&Version=2011-06-15'],
      };
    },
  ],
  [
    'a URL-encoded AWS secret access key next to its key id',
    () => {
      const k = awsSecretKey();
      const enc = encodeURIComponent(k);
      return {
        text: `GET /?id=AKIA${random(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}&k=${enc} HTTP/1.1`,
        canaries: [enc],
        kind: 'aws-secret-key',
        kept: ['HTTP/1.1'],
      };
    },
  ],
  [
    'an apiKey in a query string',
    () => {
      const k = `sk-${random(40)}`;
      return {
        text: `GET https://api.example.com/v1/models?apiKey=${k}&limit=20 200`,
        canaries: [k],
        kind: 'openai',
        kept: ['&limit=20'],
      };
    },
  ],
  [
    'a URL-encoded opaque api_key in a query string',
    () => {
      const k = `${random(12)}%2B${random(12)}%2F${random(6)}`;
      return {
        text: `POST /hook?api_key=${k}&retry=1`,
        canaries: [k, k.slice(0, 12)],
        kind: 'api-key-field',
        kept: ['&retry=1'],
      };
    },
  ],
  [
    'a classic GitHub token (ghp_, gho_, ghu_, ghs_, ghr_)',
    () => {
      const tokens = ['ghp', 'gho', 'ghu', 'ghs', 'ghr'].map((p) => `${p}_${random(36)}`);
      return {
        text: `remote: using ${tokens.join(', ')} for the push`,
        canaries: tokens,
        kind: 'github',
        kept: ['for the push'],
      };
    },
  ],
  [
    'a fine-grained GitHub token',
    () => {
      const k = `github_pat_${random(22)}_${random(59)}`;
      return { text: `git -c http.extraheader="X-Token ${k}" fetch`, canaries: [k], kind: 'github', kept: ['fetch'] };
    },
  ],
  ...(['token', 'secret', 'password', 'apiKey', 'api_key', 'authorization'] as const).map(
    (field): [string, () => Planted] => [
      `a JSON "${field}" field whatever its shape`,
      () => {
        const k = `${random(3)}!${random(5)}`;
        return {
          text: `{"level":"info","msg":"calling","${field}":"${k}","keyId":"key_01"}`,
          canaries: [k],
          kind: 'api-key-field',
          kept: [`"${field}":"`, '"keyId":"key_01"'],
        };
      },
    ],
  ),
  [
    'a log field named token in key=value form',
    () => {
      const k = random(24);
      return {
        text: `level=warn msg="refresh failed" GITHUB_TOKEN=${k} attempt=2`,
        canaries: [k],
        kind: 'api-key-field',
        kept: ['attempt=2'],
      };
    },
  ],
  [
    'a YAML token field',
    () => {
      const k = random(24);
      return {
        text: `github:\n  token: ${k}\n  org: example-org`,
        canaries: [k],
        kind: 'api-key-field',
        kept: ['org: example-org'],
      };
    },
  ],
  [
    'an Authorization: Token header',
    () => {
      const k = random(40, '0123456789abcdef');
      return {
        text: `> GET /repos HTTP/1.1\n> Authorization: Token ${k}\n> Accept: */*`,
        canaries: [k],
        kind: 'bearer',
        kept: ['Authorization: Token ', 'Accept: */*'],
      };
    },
  ],
  [
    'an Authorization: Bearer header',
    () => {
      const k = `${random(20)}.${random(30)}.${random(20)}`;
      return { text: `headers: { Authorization: 'Bearer ${k}' }`, canaries: [k], kind: 'bearer', kept: ['Bearer '] };
    },
  ],
  [
    'an Authorization: Basic header',
    () => {
      const pass = random(16);
      const b64 = Buffer.from(`svc-agent:${pass}`).toString('base64');
      return {
        text: `{"headers":{"authorization":"Basic ${b64}","accept":"application/json"}}`,
        canaries: [b64],
        kind: 'basic-auth',
        kept: ['"accept":"application/json"'],
      };
    },
  ],
  [
    'credentials in an https URL',
    () => {
      const pass = random(18);
      return {
        text: `fetching https://deploy:${pass}@registry.example.com/v2/ failed`,
        canaries: [pass],
        kind: 'basic-auth',
        kept: ['https://deploy:', '@registry.example.com/v2/'],
      };
    },
  ],
  [
    'a multi-line PEM private key',
    () => {
      const { pem, body } = pemPrivateKey();
      return {
        text: `loaded signing key:\n${pem}\nready`,
        canaries: body,
        kind: 'private-key',
        kept: ['-----BEGIN PRIVATE KEY-----', '-----END PRIVATE KEY-----', 'ready'],
      };
    },
  ],
  [
    'a PEM private key JSON-escaped in a service account file',
    () => {
      const { pem, body } = pemPrivateKey();
      return {
        text: JSON.stringify({ type: 'service_account', private_key: pem, client_email: 'a@b.iam' }),
        canaries: body,
        kind: 'private-key',
        kept: ['"client_email":"a@b.iam"'],
      };
    },
  ],
];

describe('redaction of each credential shape, with a canary planted fresh each run', () => {
  it.each(SHAPES)('removes %s', (_name, plant) => {
    const { text, canaries, kind, kept } = plant();

    const redacted = redact(text);
    const guarded = guardOutput(text, { mode: 'redact' });

    for (const canary of canaries) {
      expect(text).toContain(canary);
      expect(redacted).not.toContain(canary);
      expect(guarded.text).not.toContain(canary);
    }
    for (const k of kept) expect(redacted).toContain(k);
    expect(guarded.findings.map((f) => f.kind)).toContain(kind);
    expect(JSON.stringify(guarded.findings)).not.toContain(canaries[0]);
  });

  it('blocks each shape by default in guardOutput', () => {
    for (const [name, plant] of SHAPES) {
      const { text } = plant();
      expect(() => guardOutput(text), name).toThrow(/output blocked/);
    }
  });

  it('is idempotent on every shape', () => {
    for (const [name, plant] of SHAPES) {
      const once = redact(plant().text);
      expect(redact(once), name).toBe(once);
    }
  });
});

describe('redaction leaves the ids rekey logs alone', () => {
  const ordinary = () => {
    const uuid = randomUUID();
    const sha = createHash('sha256').update(randomBytes(16)).digest('hex');
    const suffix = random(6);
    const arn = `arn:aws:secretsmanager:us-east-1:123456789012:secret:rekey/agents/support-${suffix}`;
    return [
      `{"level":"debug","secret":"secret rekey/agents/support","versionId":"${uuid}","msg":"re-reading secret"}`,
      `{"level":"info","message":"rotation finished","secretName":"rekey/agents/support","versionId":"${uuid}","previousVersionId":"${randomUUID()}"}`,
      `{"Step":"createSecret","SecretId":"${arn}","ClientRequestToken":"${uuid}"}`,
      `fingerprint ${sha} keyId=key_${random(8)} at ${new Date().toISOString()}`,
      `RotateSecret on ${arn} refused; topic arn:aws:sns:us-east-1:123456789012:rekey-fleet`,
      `{"token":"${uuid}","secretArn":"${arn}","adminSecretId":"rekey/admin/openai"}`,
      'max_tokens=1024 tokenUrl=https://auth.example.com/oauth/token secretName=rekey/x passwordPolicy=strong',
      'the rotation token expired; re-reading secret rekey/agents/support (Basic retry, Token refresh)',
      `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-1:123456789012:rekey-fleet`,
      'commit 0123456789abcdef0123456789abcdef01234567 version 2.276.0 built 2026-11-25T10:00:00.000Z',
      '{"authorization":null,"token":false,"password":"", "secret":undefined}',
      '{"message":"setSecret: key is live at the provider since creation","step":"setSecret"}',
      'Combined rate of RotateSecret and CancelRotateSecret: 50/s exceeded',
      `gitleaks finding ${sha.slice(0, 40)}:config/agents.env:rekey-token:3:${sha.slice(0, 12)}`,
    ];
  };

  it('changes none of the ordinary lines, and guardOutput finds nothing in them', () => {
    for (const line of ordinary()) {
      expect(redact(line)).toBe(line);
      expect(guardOutput(line).findings).toEqual([]);
    }
  });
});

describe('redaction cost on hostile text', () => {
  // Unbounded whitespace in a lookbehind made these quadratic: 10 kB took 0.6 s, so 100 kB would take about a minute.
  it.each([
    ['a long run of spaces after a label', `token${' '.repeat(100_000)}x`],
    ['a long run of spaces after Bearer', `Authorization: Bearer${' '.repeat(100_000)}x`],
    ['many PEM headers with no end', '-----BEGIN PRIVATE KEY-----\n'.repeat(4_000)],
    ['a long run of backslashes in a field', `"token":"${'\\'.repeat(100_000)}`],
  ])('redacts %s in well under a second', (_name, text) => {
    const started = performance.now();

    redact(text);

    expect(performance.now() - started).toBeLessThan(1500);
  });
});
