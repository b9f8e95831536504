import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  detectFormat,
  findingFromKey,
  findingsFromReport,
  putFindings,
  ReportFormatError,
} from '../../../packages/cli/src/report-leak';
import { fingerprint } from '../../../packages/client/src/fingerprint';
import { AWS_KEY_ID, AWS_SECRET, fixture, fixtureText, GITHUB_LEAKED, GITLEAKS_LEAKED } from '../intake/support';

const eb = mockClient(EventBridgeClient);
beforeEach(() => eb.reset());

const secretlintToken = () =>
  (fixture<{ messages: { data: { TOKEN: string } }[] }[]>('secretlint-report.json')[0]?.messages[0]?.data.TOKEN ??
    '') as string;

describe('gitleaks JSON reports', () => {
  it('become findings named by fingerprint, AWS access key ids by id, with gitleaks fingerprints as ids', () => {
    const { format, findings, skipped } = findingsFromReport(fixtureText('gitleaks-report.json'));
    expect(format).toBe('gitleaks');
    expect(skipped).toEqual([]);
    expect(findings).toEqual([
      expect.objectContaining({
        findingId: '3f1c2e9d8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d:config/agents.env:rekey-token:3',
        source: 'gitleaks',
        fingerprint: fingerprint(GITLEAKS_LEAKED),
        location: 'config/agents.env:3@3f1c2e9d8b7a',
        secretType: 'rekey-token',
      }),
      expect.objectContaining({ source: 'gitleaks', keyId: AWS_KEY_ID, secretType: 'aws-access-token' }),
    ]);
  });

  it('with --redact hold nothing to name the key by: the result is skipped, saying why', () => {
    const { findings, skipped } = findingsFromReport(fixtureText('gitleaks-report-redacted.json'), 'gitleaks');
    expect(findings).toEqual([]);
    expect(skipped).toEqual([
      { ref: expect.stringContaining('config/agents.env'), reason: expect.stringContaining('redacted') },
    ]);
  });
});

describe('trufflehog JSON lines', () => {
  it('name AWS keys by id and by the fingerprint of the secret half of RawV2, others by fingerprint of Raw', () => {
    const { format, findings } = findingsFromReport(fixtureText('trufflehog-report.jsonl'));
    expect(format).toBe('trufflehog');
    expect(findings).toEqual([
      expect.objectContaining({
        source: 'trufflehog',
        keyId: AWS_KEY_ID,
        fingerprint: fingerprint(AWS_SECRET),
        secretType: 'AWS',
        reason: 'trufflehog detector AWS (verified live)',
        location: expect.stringContaining('deploy/ci.env:7@9a8b7c6d5e4f'),
      }),
      expect.objectContaining({
        source: 'trufflehog',
        fingerprint: fingerprint(GITLEAKS_LEAKED),
        location: 'config/agents.env:3',
      }),
    ]);
  });
});

describe('secretlint JSON reports', () => {
  it('take the matched text from the message data', () => {
    const token = secretlintToken();
    expect(token.startsWith('sk-proj-')).toBe(true);
    const { format, findings } = findingsFromReport(fixtureText('secretlint-report.json'));
    expect(format).toBe('secretlint');
    expect(findings).toEqual([
      expect.objectContaining({
        source: 'secretlint',
        fingerprint: fingerprint(token),
        secretType: 'OPENAI_TOKEN',
        location: '/home/runner/work/agents/agents/config/openai.env:1',
      }),
    ]);
  });

  it('with --maskSecrets are skipped', () => {
    const masked = fixtureText('secretlint-report.json').replaceAll(secretlintToken(), '***');
    const { findings, skipped } = findingsFromReport(masked, 'secretlint');
    expect(findings).toEqual([]);
    expect(skipped).toHaveLength(1);
  });
});

describe('SARIF logs', () => {
  it('take the snippet, fall back to the hint where it is redacted to prefix…last4, and skip what is fully redacted', () => {
    const { format, findings, skipped } = findingsFromReport(fixtureText('gitleaks-report.sarif'));
    expect(format).toBe('sarif');
    expect(findings).toEqual([
      expect.objectContaining({
        source: 'gitleaks',
        fingerprint: fingerprint(GITLEAKS_LEAKED),
        location: 'config/agents.env:3@3f1c2e9d8b7a',
      }),
      expect.objectContaining({ source: 'gitleaks', keyHint: 'rk_…jklm', location: 'docs/example.md:4@3f1c2e9d8b7a' }),
    ]);
    expect(findings[1]?.fingerprint).toBeUndefined();
    expect(skipped).toEqual([
      { ref: expect.stringContaining('docs/setup.md'), reason: expect.stringContaining('redacted') },
    ]);
  });
});

describe('format detection', () => {
  it('tells each format apart and refuses what is none of them', () => {
    expect(detectFormat(fixtureText('gitleaks-report.json'))).toBe('gitleaks');
    expect(detectFormat(fixtureText('trufflehog-report.jsonl'))).toBe('trufflehog');
    expect(detectFormat(fixtureText('secretlint-report.json'))).toBe('secretlint');
    expect(detectFormat(fixtureText('gitleaks-report.sarif'))).toBe('sarif');
    expect(() => detectFormat('{"hello": "world"}')).toThrow(ReportFormatError);
    expect(() => detectFormat('')).toThrow(ReportFormatError);
  });

  it('never quotes the report in a parse error', () => {
    const broken = `[{"RuleID": "x", "Secret": "${GITLEAKS_LEAKED}"`;
    expect(() => findingsFromReport(broken, 'gitleaks')).toThrow(ReportFormatError);
    try {
      findingsFromReport(broken, 'gitleaks');
    } catch (err) {
      expect((err as Error).message).not.toContain(GITLEAKS_LEAKED);
    }
  });
});

describe('a key an operator holds', () => {
  it('becomes a finding with its fingerprint, stable across reports of the same key', () => {
    const a = findingFromKey(`${GITHUB_LEAKED}\n`, { location: 'pasted in #incident' });
    const b = findingFromKey(GITHUB_LEAKED);
    expect(a).toMatchObject({
      source: 'report-leak',
      fingerprint: fingerprint(GITHUB_LEAKED),
      location: 'pasted in #incident',
    });
    expect(a.findingId).toBe(b.findingId);
    expect(JSON.stringify(a)).not.toContain(GITHUB_LEAKED);
  });

  it('names an AWS access key by its id too', () => {
    expect(findingFromKey(AWS_KEY_ID)).toMatchObject({ keyId: AWS_KEY_ID });
  });
});

describe('putting findings on the bus', () => {
  it('sends the custom event, ten per call, and retries entries EventBridge failed once', async () => {
    const { findings } = findingsFromReport(fixtureText('gitleaks-report.json'));
    const many = Array.from({ length: 12 }, (_, i) => ({ ...findings[0], findingId: `f-${i}` })) as typeof findings;
    let call = 0;
    eb.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => {
      call++;
      // The first call fails its first entry; the retry succeeds.
      return {
        FailedEntryCount: call === 1 ? 1 : 0,
        Entries: input.Entries.map((_, i) =>
          call === 1 && i === 0 ? { ErrorCode: 'ThrottlingException' } : { EventId: `e-${call}-${i}` },
        ),
      };
    });

    const result = await putFindings(eb as never, many, 'rekey-bus');

    expect(result).toEqual({ sent: 12, failed: [] });
    const calls = eb.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries ?? []);
    expect(calls.map((e) => e.length)).toEqual([10, 1, 2]);
    expect(calls[0]?.[0]).toMatchObject({
      Source: 'rekey.scanner',
      DetailType: 'Secret Exposed',
      EventBusName: 'rekey-bus',
    });
    expect(JSON.stringify(calls)).not.toContain(GITLEAKS_LEAKED);
  });
});
