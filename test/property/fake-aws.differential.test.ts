import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Inventory } from '../../lambdas/common/inventory';
import { FakeDynamoDb } from '../support/fakes/dynamodb';
import { type Moto, startMoto } from '../support/moto';
import { FakeSecretsManager } from './support/fake-secrets-manager';
import { cmd } from './support/world';

/**
 * The in-memory fakes the property test runs on, held against moto: the same sequence of calls against both, the
 * same observable results (values, labels, errors by name; ARNs and generated values aside). Secrets Manager: every
 * call the handlers make, in the orders a rotation, an abandon and a failed test make them. DynamoDB: every method
 * of the inventory, whose expressions the fake interprets.
 */

let moto: Moto;
const V = [
  '11111111-1111-4111-8111-111111111111',
  '22222222-2222-4222-8222-222222222222',
  '33333333-3333-4333-8333-333333333333',
];

beforeAll(async () => {
  moto = await startMoto();
});

afterAll(async () => {
  await moto?.stop();
});

type Sender = { send(command: never): Promise<unknown> };

/** Sends and reduces the answer to what the handlers observe. */
async function observe(client: Sender, name: string, input: Record<string, unknown>): Promise<unknown> {
  const { [`${name}Command`]: Ctor } = (await import('@aws-sdk/client-secrets-manager')) as unknown as Record<
    string,
    new (
      i: unknown,
    ) => never
  >;
  try {
    const out = (await client.send(
      client instanceof FakeSecretsManager ? cmd(name, input) : new (Ctor as new (i: unknown) => never)(input),
    )) as Record<string, unknown>;
    const { RandomPassword, Versions, VersionIdsToStages } = out;
    const rest = Object.fromEntries(
      ['Name', 'VersionId', 'SecretString', 'VersionStages', 'RotationEnabled']
        .filter((k) => k in out)
        .map((k) => [k, out[k]]),
    );
    return {
      ...rest,
      ...(typeof RandomPassword === 'string'
        ? { passwordLength: RandomPassword.length, alnum: /^[A-Za-z0-9]+$/.test(RandomPassword) }
        : {}),
      ...(VersionIdsToStages ? { stages: sortStages(VersionIdsToStages as Record<string, string[]>) } : {}),
      ...(Versions
        ? {
            versions: (Versions as { VersionId: string; VersionStages?: string[] }[])
              .map((v) => [v.VersionId, [...(v.VersionStages ?? [])].sort()])
              .sort(),
          }
        : {}),
      ...(Array.isArray(rest.VersionStages) ? { VersionStages: [...(rest.VersionStages as string[])].sort() } : {}),
    };
  } catch (err) {
    return { error: (err as Error).name };
  }
}

function sortStages(stages: Record<string, string[]>) {
  return Object.fromEntries(
    Object.entries(stages)
      .filter(([, s]) => s.length > 0)
      .map(([k, s]) => [k, [...s].sort()])
      .sort(),
  );
}

const SM_SCRIPT: [string, Record<string, unknown>][] = [
  ['CreateSecret', { Name: 'rekey/diff' }],
  ['RotateSecret', { SecretId: 'rekey/diff', RotationRules: { AutomaticallyAfterDays: 30 }, RotateImmediately: false }],
  ['PutSecretValue', { SecretId: 'rekey/diff', ClientRequestToken: V[0], SecretString: '{"apiKey":"one"}' }],
  ['DescribeSecret', { SecretId: 'rekey/diff' }],
  ['GetSecretValue', { SecretId: 'rekey/diff', VersionStage: 'AWSCURRENT' }],
  ['GetSecretValue', { SecretId: 'rekey/diff', VersionStage: 'AWSPENDING' }],
  [
    'PutSecretValue',
    {
      SecretId: 'rekey/diff',
      ClientRequestToken: V[1],
      SecretString: '{"apiKey":"two"}',
      VersionStages: ['AWSPENDING'],
    },
  ],
  [
    'PutSecretValue',
    {
      SecretId: 'rekey/diff',
      ClientRequestToken: V[1],
      SecretString: '{"apiKey":"two"}',
      VersionStages: ['AWSPENDING'],
    },
  ],
  [
    'PutSecretValue',
    {
      SecretId: 'rekey/diff',
      ClientRequestToken: V[1],
      SecretString: '{"apiKey":"other"}',
      VersionStages: ['AWSPENDING'],
    },
  ],
  ['GetSecretValue', { SecretId: 'rekey/diff', VersionStage: 'AWSPENDING', VersionId: V[1] }],
  ['GetSecretValue', { SecretId: 'rekey/diff', VersionStage: 'AWSCURRENT', VersionId: V[1] }],
  ['GetSecretValue', { SecretId: 'rekey/diff', VersionId: V[1] }],
  ['GetSecretValue', { SecretId: 'rekey/diff', VersionId: V[2] }],
  [
    'UpdateSecretVersionStage',
    { SecretId: 'rekey/diff', VersionStage: 'AWSCURRENT', MoveToVersionId: V[1], RemoveFromVersionId: V[1] },
  ],
  [
    'UpdateSecretVersionStage',
    { SecretId: 'rekey/diff', VersionStage: 'AWSCURRENT', MoveToVersionId: V[1], RemoveFromVersionId: V[0] },
  ],
  ['DescribeSecret', { SecretId: 'rekey/diff' }],
  ['UpdateSecretVersionStage', { SecretId: 'rekey/diff', VersionStage: 'AWSPENDING', RemoveFromVersionId: V[1] }],
  ['UpdateSecretVersionStage', { SecretId: 'rekey/diff', VersionStage: 'AWSPENDING', RemoveFromVersionId: V[1] }],
  ['DescribeSecret', { SecretId: 'rekey/diff' }],
  [
    'PutSecretValue',
    {
      SecretId: 'rekey/diff',
      ClientRequestToken: V[2],
      SecretString: '{"apiKey":"three"}',
      VersionStages: ['AWSPENDING'],
    },
  ],
  ['UpdateSecretVersionStage', { SecretId: 'rekey/diff', VersionStage: 'AWSPENDING', RemoveFromVersionId: V[2] }],
  ['GetSecretValue', { SecretId: 'rekey/diff', VersionId: V[2] }],
  ['GetSecretValue', { SecretId: 'rekey/diff', VersionId: V[2], VersionStage: 'AWSPENDING' }],
  ['UpdateSecretVersionStage', { SecretId: 'rekey/diff', VersionStage: 'AWSPREVIOUS', RemoveFromVersionId: V[0] }],
  ['DescribeSecret', { SecretId: 'rekey/diff' }],
  ['ListSecretVersionIds', { SecretId: 'rekey/diff' }],
  ['GetSecretValue', { SecretId: 'rekey/absent', VersionStage: 'AWSCURRENT' }],
  ['GetRandomPassword', { PasswordLength: 40, ExcludePunctuation: true, IncludeSpace: false }],
];

/**
 * Where moto departs from AWS's documented behaviour the fake follows AWS, and the step is listed here with the
 * reason; the rest of the script must match moto exactly. rekey's handlers depend on neither difference.
 */
const MOTO_DEPARTS: Record<number, string> = {
  // "If the secret data is different, the operation fails because you can't modify an existing version" (AWS API
  // reference, PutSecretValue); moto overwrites the version. Steps 9 and 11 read what step 8 wrote.
  8: 'PutSecretValue with an existing token and other data is ResourceExistsException in AWS',
  9: 'reads the value moto overwrote at step 8',
  11: 'reads the value moto overwrote at step 8',
  // "IncludeDeprecated: whether to include versions that don't have any staging labels" (default false); moto lists them.
  25: 'ListSecretVersionIds leaves out unlabelled versions unless IncludeDeprecated',
};

describe('the in-memory fakes against moto', () => {
  it('answer every Secrets Manager call of the script as moto does', async () => {
    const real = new SecretsManagerClient({ endpoint: moto.endpoint, region: 'us-east-1' });
    const fake = new FakeSecretsManager();
    const mismatches: string[] = [];
    for (const [i, [name, input]] of SM_SCRIPT.entries()) {
      const [a, b] = [await observe(real, name, input), await observe(fake, name, input)];
      if (MOTO_DEPARTS[i]) continue;
      if (JSON.stringify(a) !== JSON.stringify(b))
        mismatches.push(`#${i} ${name}: moto ${JSON.stringify(a)} / fake ${JSON.stringify(b)}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('evaluate every inventory expression as moto does', async () => {
    const ddb = new DynamoDBClient({ endpoint: moto.endpoint, region: 'us-east-1' });
    await ddb.send(
      new CreateTableCommand({
        TableName: 'inv',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: ['pk', 'sk', 'fingerprint', 'keyId', 'keyHint'].map((n) => ({
          AttributeName: n,
          AttributeType: 'S' as const,
        })),
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          ['byFingerprint', 'fingerprint'],
          ['byKeyId', 'keyId'],
          ['byHint', 'keyHint'],
        ].map(([IndexName, attr]) => ({
          IndexName,
          KeySchema: [{ AttributeName: attr, KeyType: 'HASH' as const }],
          Projection: { ProjectionType: 'ALL' as const },
        })),
      }),
    );
    const clock = () => new Date('2026-11-25T00:00:00.000Z');
    const real = new Inventory(
      DynamoDBDocumentClient.from(ddb, { marshallOptions: { removeUndefinedValues: true } }),
      'inv',
      clock,
    );
    const fake = new Inventory(new FakeDynamoDb('inv') as unknown as DynamoDBDocumentClient, 'inv', clock);
    const facts = (v: string, keyId: string) => ({
      secretName: 'rekey/diff',
      versionId: v,
      keyId,
      provider: 'http' as const,
      fingerprint: `fp-${v}`,
      keyHint: `inh_…${v.slice(0, 4)}`,
      createdAt: `2026-11-2${V.indexOf(v)}T00:00:00.000Z`,
    });
    const script: [string, (inv: Inventory) => Promise<unknown>][] = [
      ['recordVersion current', (inv) => inv.recordVersion(facts(V[0] as string, 'k0'), 'current')],
      ['recordVersion again', (inv) => inv.recordVersion(facts(V[0] as string, 'k0'), 'current')],
      ['recordVersion placeholder', (inv) => inv.recordVersion(facts(V[2] as string, ''), 'pending')],
      [
        'transition requested',
        (inv) =>
          inv.transition('rekey/diff', V[1] as string, 'requested', 'finding', { mode: 'emergency', reason: 'r' }),
      ],
      ['transition requested again', (inv) => inv.transition('rekey/diff', V[1] as string, 'requested', 'finding')],
      ['recordVersion pending', (inv) => inv.recordVersion(facts(V[1] as string, 'k1'), 'pending')],
      ['annotate', (inv) => inv.annotate('rekey/diff', V[1] as string, { testedAt: 'now' })],
      ['raiseMode abuse', (inv) => inv.raiseMode('rekey/diff', V[1] as string, 'abuse', 'worse')],
      ['raiseMode emergency (lower)', (inv) => inv.raiseMode('rekey/diff', V[1] as string, 'emergency', 'less')],
      [
        'recordExposure',
        (inv) => inv.recordExposure('rekey/diff', V[0] as string, { findingKey: 'g:1', outcome: 'rotation-started' }),
      ],
      [
        'recordExposure again',
        (inv) => inv.recordExposure('rekey/diff', V[0] as string, { findingKey: 'g:1', outcome: 'rotation-started' }),
      ],
      [
        'recordExposure other',
        (inv) => inv.recordExposure('rekey/diff', V[0] as string, { findingKey: 'g:2', outcome: 'already-revoked' }),
      ],
      [
        'transition revoked',
        (inv) => inv.transition('rekey/diff', V[0] as string, 'revoked', 'done', { secretArn: 'arn' }),
      ],
      ['transition out of revoked', (inv) => inv.transition('rekey/diff', V[0] as string, 'previous', 'replay')],
      ['recordVersion out of revoked', (inv) => inv.recordVersion(facts(V[0] as string, 'k0'), 'abandoned')],
      ['transition deactivated', (inv) => inv.transition('rekey/diff', V[2] as string, 'deactivated', 'phase 1')],
      ['transition out of deactivated', (inv) => inv.transition('rekey/diff', V[2] as string, 'previous', 'replay')],
      ['transition deactivated to revoked', (inv) => inv.transition('rekey/diff', V[2] as string, 'revoked', 'done')],
      ['getVersion', (inv) => inv.getVersion('rekey/diff', V[1] as string)],
      ['listVersions', (inv) => inv.listVersions('rekey/diff')],
      ['findByFingerprint', (inv) => inv.findByFingerprint(`fp-${V[1]}`)],
      ['findByKeyId', (inv) => inv.findByKeyId('k0')],
      ['findByKeyId placeholder', (inv) => inv.findByKeyId('')],
      ['findByHint', (inv) => inv.findByHint(`inh_…${(V[1] as string).slice(0, 4)}`)],
    ];
    const mismatches: string[] = [];
    for (const [label, run] of script) {
      const [a, b] = [await settle(run(real)), await settle(run(fake))];
      if (a !== b) mismatches.push(`${label}: moto ${a} / fake ${b}`);
    }
    expect(mismatches).toEqual([]);
  });
});

/** A result or an error name, as JSON with sets as sorted lists and keys sorted. */
async function settle(p: Promise<unknown>): Promise<string> {
  try {
    return canonical(await p);
  } catch (err) {
    return `error ${(err as Error).name}`;
  }
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) => {
    if (v instanceof Set) return [...v].sort();
    if (v && typeof v === 'object' && !Array.isArray(v))
      return Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)));
    return v;
  });
}
