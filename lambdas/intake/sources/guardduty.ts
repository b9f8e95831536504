import { GUARDDUTY_EVENT } from '../../../contract';
import * as z from '../../common/zod';
import { type Finding, FindingSchema, isAwsAccessKeyId } from '../finding';
import { boundedId, envelope, type Normalised, parseOrThrow, type SourceNormaliser } from './types';

/**
 * GuardDuty findings on an `AccessKey` resource: `detail.resource.accessKeyDetails.accessKeyId` is the key.
 *
 * `abuse`: a GuardDuty finding on an access key is, by construction, a report of API calls made with that key that
 * look malicious or anomalous, i.e. someone else is using it; the key dies without waiting for the fleet. The
 * exception is the `Policy:` threat purpose (e.g. root credential use), which reports a practice, not an attacker.
 * Sample findings (CreateSampleFindings) are ignored. The event's source, detail-types and resource type:
 * contract/events.ts.
 */

const GuardDutyDetailSchema = z.looseObject({
  id: z.string().check(z.minLength(1)),
  accountId: z.optional(z.string()),
  type: z.string().check(z.minLength(1)),
  title: z.optional(z.string()),
  severity: z.optional(z.number()),
  updatedAt: z.optional(z.string()),
  resource: z.looseObject({
    resourceType: z.literal(GUARDDUTY_EVENT.resourceType),
    accessKeyDetails: z.looseObject({
      accessKeyId: z.string().check(z.minLength(1)),
      userName: z.optional(z.string()),
      userType: z.optional(z.string()),
    }),
  }),
  service: z.optional(
    z.looseObject({
      archived: z.optional(z.boolean()),
      additionalInfo: z.optional(z.looseObject({ sample: z.optional(z.boolean()) })),
    }),
  ),
});

const GuardDutyEventSchema = envelope(GuardDutyDetailSchema);

export const guardDuty: SourceNormaliser = {
  eventSource: GUARDDUTY_EVENT.source,
  detailTypes: GUARDDUTY_EVENT.detailTypes,
  normalise(event: unknown): Normalised {
    const e = parseOrThrow(GuardDutyEventSchema, event, GUARDDUTY_EVENT.source);
    const d = e.detail;
    const ref = `${d.accountId ?? e.account}/${d.id}`;
    if (d.service?.additionalInfo?.sample) return { findings: [], ignored: [{ ref, reason: 'sample finding' }] };
    if (d.service?.archived) return { findings: [], ignored: [{ ref, reason: 'archived finding' }] };
    const keyId = d.resource.accessKeyDetails.accessKeyId.trim();
    if (!isAwsAccessKeyId(keyId)) return { findings: [], ignored: [{ ref, reason: 'not an access key id' }] };
    const purpose = d.type.split(':')[0] ?? '';
    const finding: Finding = z.parse(FindingSchema, {
      findingId: boundedId(ref),
      source: 'guardduty',
      keyId,
      abuse: purpose !== 'Policy',
      location: (d.title ?? d.type).slice(0, 1000),
      reason: `GuardDuty ${d.type}`.slice(0, 500),
      secretType: 'aws-access-key',
      detectedAt: d.updatedAt ?? e.time,
    });
    return { findings: [finding], ignored: [] };
  },
};
