import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { consoleWriter, formatDuration, formatTime, relative, table } from '../../../packages/cli/src/output';
import { formatScan, tokenCandidates } from '../../../packages/cli/src/scan';
import { formatKeyDetails, formatStatusTable, type KeyStatus } from '../../../packages/cli/src/status';
import { NOW } from './support';

const V1 = '3f2a9c1e-0000-4000-8000-000000000001';
const V0 = '1a2b3c4d-0000-4000-8000-000000000000';

const support: KeyStatus = {
  key: 'agents/support/internal-api',
  secretName: 'rekey/agents/support/internal-api',
  description: "Support agents' token",
  provider: 'generated',
  rotationEnabled: true,
  current: {
    versionId: V1,
    status: 'current',
    createdAt: '2026-11-25T06:40:00.000Z',
    ackAgents: 12,
    mode: 'emergency',
  },
  previous: { versionId: V0, status: 'previous', ackAgents: 1 },
  nextRotationDate: '2026-12-25T06:40:00.000Z',
  lastRotatedDate: '2026-11-25T06:40:00.000Z',
  revocations: [
    {
      executionName: 'emergency-agents-support-internal-api-0123',
      executionArn: 'arn:aws:states:us-east-1:1:execution:revocation:emergency-agents-support-internal-api-0123',
      secretName: 'rekey/agents/support/internal-api',
      oldVersionId: V0,
      newVersionId: V1,
      mode: 'emergency',
      startedAt: '2026-11-25T08:39:30.000Z',
      verifyAt: '2026-11-25T08:40:30.000Z',
      lastRoundAt: '2026-11-25T08:45:30.000Z',
    },
  ],
  lastExposure: { at: '2026-11-25T08:35:00.000Z', versionId: V0, by: 'github:alert-17' },
};

const research: KeyStatus = {
  key: 'agents/research/anthropic',
  secretName: 'rekey/agents/research/anthropic',
  provider: 'anthropic',
  rotationEnabled: true,
  current: { versionId: '9c1e0000-0000-4000-8000-000000000000', createdAt: '2026-09-01T00:00:00.000Z', ackAgents: 0 },
  pending: { versionId: '77aa0000-0000-4000-8000-000000000000', status: 'requested', ackAgents: 0, mode: 'scheduled' },
  revocations: [],
};

describe('status table', () => {
  it('shows one row per key with version, age, schedule, revocation, exposure and acks', () => {
    const lines = formatStatusTable([support, research], NOW);

    expect(lines).toEqual([
      'KEY                          PROVIDER   CURRENT (AGE)      NEXT ROTATION                   PENDING REVOCATION                LAST EXPOSURE      ACKS NEW/OLD',
      'agents/support/internal-api  generated  3f2a9c1e (2h)      2026-12-25 06:40Z (in 29d 22h)  emergency 1a2b3c4d verify 08:40Z  5m ago (1a2b3c4d)  12/1',
      'agents/research/anthropic    anthropic  9c1e0000 (85d 8h)  rotating to 77aa0000            -                                 never              0/0',
    ]);
  });

  it('says so when the deployment has no keys', () => {
    expect(formatStatusTable([], NOW)).toEqual(['No managed keys in this deployment.']);
  });
});

describe('status of one key', () => {
  it('spells out versions, schedule, exposure and the revocation deadline', () => {
    const lines = formatKeyDetails(support, NOW);

    expect(lines).toEqual([
      'agents/support/internal-api  (rekey/agents/support/internal-api)',
      "  Support agents' token",
      '  provider       generated',
      `  current        ${V1}, current, created 06:40Z (2h ago), 12 agents acknowledged`,
      `  previous       ${V0}, previous, 1 agent still on it`,
      '  rotating       no',
      '  next rotation  2026-12-25 06:40Z (in 29d 22h)',
      '  last rotated   06:40Z (2h ago)',
      `  last exposure  08:35Z (5m ago), version ${V0}, reported by github:alert-17`,
      `  revocations    emergency revocation of ${V0}: started 08:39Z, verifies 08:40Z (in 30s), revokes at the latest 08:45Z [emergency-agents-support-internal-api-0123]`,
    ]);
  });
});

describe('scan report', () => {
  it('names managed keys by name and version, and other secrets by kind, never by value', () => {
    const lines = formatScan({
      files: 2,
      skipped: [{ file: 'logs/big.log', reason: 'larger than 10 bytes' }],
      findings: [
        {
          file: 'logs/agent.log',
          line: 3,
          column: 31,
          kind: 'managed',
          key: 'agents/support/internal-api',
          secretName: 'rekey/agents/support/internal-api',
          versionId: V1,
          status: 'current',
          label: 'managed key',
        },
        {
          file: '.env',
          line: 2,
          column: 19,
          kind: 'pattern',
          rule: '@secretlint/secretlint-rule-anthropic',
          label: 'Anthropic Claude API key',
        },
      ],
    });

    expect(lines).toEqual([
      'logs/agent.log:3:31  managed key agents/support/internal-api, version 3f2a9c1e (current)',
      '.env:2:19            Anthropic Claude API key — not a managed key: revoke it at its provider by hand',
      'skipped logs/big.log: larger than 10 bytes',
      '2 findings in 2 files: 1 managed key version, 1 other secret. Rotate with --rotate, or `rekey rotate <key> --emergency`.',
    ]);
  });

  it('finds token-like strings with their line and column', () => {
    const found = tokenCandidates('first line\nAuthorization: Bearer rk_AbCdEf0123456789GhIj\nplain words only here\n');

    expect(found.get('rk_AbCdEf0123456789GhIj')).toEqual([{ line: 2, column: 23 }]);
    expect([...found.keys()].some((v) => v.includes('words'))).toBe(false);
  });
});

describe('output helpers', () => {
  it('formats durations the way an operator reads them', () => {
    expect(
      [0, 45_000, 12 * 60_000, 3 * 3600_000, 200 * 60_000, 4 * 86_400_000 + 2 * 3600_000].map(formatDuration),
    ).toEqual(['0s', '45s', '12m', '3h', '3h 20m', '4d 2h']);
  });

  it('shortens times on the same day and says how far away they are', () => {
    expect(formatTime(new Date('2026-11-25T09:05:00Z'), NOW)).toBe('09:05Z');
    expect(formatTime(new Date('2026-11-26T09:05:00Z'), NOW)).toBe('2026-11-26 09:05Z');
    expect(relative(new Date('2026-11-25T08:45:00Z'), NOW)).toBe('in 5m');
    expect(relative(new Date('2026-11-25T08:30:00Z'), NOW)).toBe('10m ago');
  });

  it('pads table columns to the widest cell', () => {
    expect(
      table(
        ['A', 'LONGER'],
        [
          ['xxx', 'y'],
          ['z', ''],
        ],
      ),
    ).toEqual(['A    LONGER', 'xxx  y', 'z']);
  });

  it('redacts key shapes in whatever the terminal writer prints', () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const writer = consoleWriter({ stdout, stderr });

    writer.out('token rk_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCd leaked');
    writer.err('x-api-key: sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');

    expect(String(stdout.read())).toBe('token [REDACTED] leaked\n');
    expect(String(stderr.read())).toBe('x-api-key: [REDACTED]\n');
  });
});
