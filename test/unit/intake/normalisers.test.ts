import { describe, expect, it } from 'vitest';
import { MalformedFindingError, UnsupportedEventError } from '../../../lambdas/intake/errors';
import { FindingSchema, hintFromRedacted } from '../../../lambdas/intake/finding';
import { normaliseEvent } from '../../../lambdas/intake/sources';
import { fingerprint } from '../../../packages/client/src/fingerprint';
import { AWS_KEY_ID, fixture, GITLEAKS_LEAKED } from './support';

const clone = <T>(v: T): T => structuredClone(v);

describe('AWS Health AWS_RISK_CREDENTIALS_EXPOSED', () => {
  it('names the exposed access key by id, as an exposure but not abuse', () => {
    const { findings, ignored } = normaliseEvent(fixture('aws-health-credentials-exposed.json'));
    expect(ignored).toEqual([]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      source: 'aws-health',
      keyId: AWS_KEY_ID,
      abuse: false,
      secretType: 'aws-access-key',
      detectedAt: '2026-11-20T09:14:07Z',
    });
    expect(findings[0]?.findingId).toContain(
      '123456789012/arn:aws:health:global::event/RISK/AWS_RISK_CREDENTIALS_EXPOSED/',
    );
    expect(findings[0]?.findingId.endsWith(`/${AWS_KEY_ID}`)).toBe(true);
  });

  it('makes one finding per affected access key and ignores entities that are not keys', () => {
    const event = clone(
      fixture<{ detail: { affectedEntities: { entityValue: string }[] } }>('aws-health-credentials-exposed.json'),
    );
    event.detail.affectedEntities.push({ entityValue: 'AKIAI44QH8DHBEXAMPLE' }, { entityValue: 'agents-ci' });
    const { findings, ignored } = normaliseEvent(event);
    expect(findings.map((f) => f.keyId)).toEqual([AWS_KEY_ID, 'AKIAI44QH8DHBEXAMPLE']);
    expect(ignored).toHaveLength(1);
  });

  it('ignores the update AWS sends when it closes the event', () => {
    const event = clone(fixture<{ detail: Record<string, unknown> }>('aws-health-credentials-exposed.json'));
    event.detail.statusCode = 'closed';
    expect(normaliseEvent(event)).toEqual({
      findings: [],
      ignored: [expect.objectContaining({ reason: 'event closed' })],
    });
  });

  it('refuses a Health event of another type as malformed', () => {
    const event = clone(fixture<{ detail: { eventTypeCode: string } }>('aws-health-credentials-exposed.json'));
    event.detail.eventTypeCode = 'AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED';
    expect(() => normaliseEvent(event)).toThrow(MalformedFindingError);
  });
});

describe('Security Hub Findings - Imported', () => {
  it('reads the key id out of the resource id and marks behaviour findings as abuse', () => {
    const { findings } = normaliseEvent(fixture('security-hub-iam-access-key.json'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ source: 'security-hub', keyId: AWS_KEY_ID, abuse: true });
    expect(findings[0]?.findingId).toMatch(/^arn:aws:guardduty:us-east-1:123456789012:detector\/.+\/finding\//);
  });

  it('prefers Details.AwsIamAccessKey.AccessKeyId and treats sensitive-data findings as exposure without abuse', () => {
    const event = clone(
      fixture<{ detail: { findings: Record<string, unknown>[] } }>('security-hub-iam-access-key.json'),
    );
    const f = event.detail.findings[0] as Record<string, unknown> & { Resources: Record<string, unknown>[] };
    f.Types = ['Sensitive Data Identifications/Security/AwsSecretAccessKey'];
    f.Resources = [
      {
        Type: 'AwsIamAccessKey',
        Id: 'arn:aws:iam::123456789012:user/agents-ci',
        Details: { AwsIamAccessKey: { AccessKeyId: 'AKIAI44QH8DHBEXAMPLE' } },
      },
    ];
    const { findings } = normaliseEvent(event);
    expect(findings[0]).toMatchObject({ keyId: 'AKIAI44QH8DHBEXAMPLE', abuse: false });
  });

  it('ignores archived, resolved and posture-check findings, and ones without a key id', () => {
    const base = fixture<{ detail: { findings: Record<string, unknown>[] } }>('security-hub-iam-access-key.json');
    const variants: Record<string, unknown>[] = [
      { RecordState: 'ARCHIVED' },
      { Workflow: { Status: 'RESOLVED' } },
      { Types: ['Software and Configuration Checks/AWS Security Best Practices'] },
      { Resources: [{ Type: 'AwsIamAccessKey', Id: 'arn:aws:iam::123456789012:user/agents-ci' }] },
    ];
    for (const change of variants) {
      const event = clone(base);
      Object.assign(event.detail.findings[0] as object, change);
      const { findings, ignored } = normaliseEvent(event);
      expect(findings).toEqual([]);
      expect(ignored).toHaveLength(1);
    }
  });
});

describe('GuardDuty findings', () => {
  it('names the access key and treats the finding as abuse', () => {
    const { findings } = normaliseEvent(fixture('guardduty-access-key.json'));
    expect(findings).toEqual([
      expect.objectContaining({
        findingId: '123456789012/62c9a1b0f3e24c1d8a7b6e5f4d3c2b1a',
        source: 'guardduty',
        keyId: AWS_KEY_ID,
        abuse: true,
        reason: 'GuardDuty UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom',
      }),
    ]);
  });

  it('does not call a Policy finding abuse, and ignores sample findings', () => {
    const policy = clone(fixture<{ detail: Record<string, unknown> }>('guardduty-access-key.json'));
    policy.detail.type = 'Policy:IAMUser/RootCredentialUsage';
    expect(normaliseEvent(policy).findings[0]?.abuse).toBe(false);

    const sample = clone(
      fixture<{ detail: { service: { additionalInfo: Record<string, unknown> } } }>('guardduty-access-key.json'),
    );
    sample.detail.service.additionalInfo.sample = true;
    expect(normaliseEvent(sample)).toEqual({
      findings: [],
      ignored: [expect.objectContaining({ reason: 'sample finding' })],
    });
  });

  it('refuses a GuardDuty finding on another resource type as malformed', () => {
    const event = clone(fixture<{ detail: { resource: Record<string, unknown> } }>('guardduty-access-key.json'));
    event.detail.resource.resourceType = 'Instance';
    expect(() => normaliseEvent(event)).toThrow(MalformedFindingError);
  });
});

describe('the custom rekey.scanner event', () => {
  it('takes the documented detail as the finding', () => {
    const { findings } = normaliseEvent(fixture('scanner-custom-event.json'));
    expect(findings[0]).toMatchObject({ source: 'gitleaks', fingerprint: fingerprint(GITLEAKS_LEAKED), abuse: false });
  });

  it('refuses a detail with the key itself in it, with no fingerprint, or claiming a reserved source', () => {
    const event = fixture<{ detail: Record<string, unknown> }>('scanner-custom-event.json');
    const withKey = clone(event);
    withKey.detail.key = GITLEAKS_LEAKED;
    const noName = clone(event);
    delete noName.detail.fingerprint;
    const reserved = clone(event);
    reserved.detail.source = 'github';
    const keyAsId = clone(event);
    keyAsId.detail.keyId = GITLEAKS_LEAKED;
    const keyInFindingId = clone(event);
    keyInFindingId.detail.findingId = `config/.env:${GITLEAKS_LEAKED}`;
    const unknownShapeInFindingId = clone(event);
    unknownShapeInFindingId.detail.fingerprint = fingerprint('zz-no-known-shape-key-123456');
    unknownShapeInFindingId.detail.findingId = 'ci:zz-no-known-shape-key-123456';
    for (const bad of [withKey, noName, reserved, keyAsId, keyInFindingId, unknownShapeInFindingId]) {
      expect(() => normaliseEvent(bad)).toThrow(MalformedFindingError);
    }
  });

  it('names the bad field in the error but never its value', () => {
    const event = clone(fixture<{ detail: Record<string, unknown> }>('scanner-custom-event.json'));
    event.detail.keyId = GITLEAKS_LEAKED;
    try {
      normaliseEvent(event);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(MalformedFindingError);
      const text = `${(err as MalformedFindingError).message} ${(err as MalformedFindingError).issues.join(' ')}`;
      expect(text).toContain('detail.keyId');
      expect(text).not.toContain(GITLEAKS_LEAKED);
    }
  });
});

describe('the rekey.github event', () => {
  it('accepts only findings whose source is github', () => {
    const event = { ...clone(fixture('scanner-custom-event.json')), source: 'rekey.github' } as Record<string, unknown>;
    expect(() => normaliseEvent(event)).toThrow(MalformedFindingError);
    (event.detail as Record<string, unknown>).source = 'github';
    expect(normaliseEvent(event).findings[0]?.source).toBe('github');
  });
});

describe('events from elsewhere', () => {
  it('are an UnsupportedEventError naming the source', () => {
    expect(() =>
      normaliseEvent({ source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification' }),
    ).toThrow(UnsupportedEventError);
    expect(() => normaliseEvent(null)).toThrow(UnsupportedEventError);
  });
});

describe('the finding schema', () => {
  it('accepts hints in the redacted form and normalises three dots to an ellipsis', () => {
    expect(FindingSchema.parse({ findingId: 'f', keyHint: 'sk-proj-...a1B2' }).keyHint).toBe('sk-proj-…a1B2');
    expect(() => FindingSchema.parse({ findingId: 'f', keyHint: GITLEAKS_LEAKED })).toThrow();
  });

  it('reads redacted values into hints only where the hint characters are all visible', () => {
    expect(hintFromRedacted('rk_…jklm')).toBe('rk_…jklm');
    expect(hintFromRedacted('rk_FixtureToke****ijklm')).toBe('rk_…jklm');
    expect(hintFromRedacted('rk_Fix****ijklm')).toBeUndefined();
    expect(hintFromRedacted('REDACTED')).toBeUndefined();
  });
});
