import { AWS_HEALTH_EVENT } from '../../../contract';
import * as z from '../../common/zod';
import { MalformedFindingError } from '../errors';
import { type Finding, FindingSchema, isAwsAccessKeyId } from '../finding';
import {
  boundedId,
  envelope,
  type IgnoredItem,
  issuesOf,
  type Normalised,
  parseOrThrow,
  type RejectedEntry,
  type SourceNormaliser,
} from './types';

/**
 * AWS Health `AWS_RISK_CREDENTIALS_EXPOSED`: AWS found an IAM access key in a public place (a public repository,
 * a paste site). Each affected entity's `entityValue` is the exposed access key id.
 *
 * Not `abuse`: the event says the key is public, not that someone used it (AWS also attaches its quarantine
 * policy to the key's user). The emergency rotation gives the fleet the short verification wait, then revokes; a
 * GuardDuty finding on the same key escalates to `abuse`. A `closed` event (AWS's update once the key is no longer a
 * risk) is ignored. The event's source, detail-types and type code: contract/events.ts.
 */

const HealthDetailSchema = z.looseObject({
  eventArn: z.string().check(z.minLength(1)),
  service: z.optional(z.string()),
  eventTypeCode: z.literal(AWS_HEALTH_EVENT.eventTypeCode),
  eventTypeCategory: z.optional(z.string()),
  affectedAccount: z.optional(z.string()),
  startTime: z.optional(z.string()),
  statusCode: z.optional(z.string()),
  // Each entity is checked on its own (EntitySchema): one malformed entity does not cost the event its good ones.
  affectedEntities: z.array(z.unknown()).check(z.minLength(1)),
});

const EntitySchema = z.looseObject({ entityValue: z.string().check(z.minLength(1)) });

const HealthEventSchema = envelope(HealthDetailSchema);

export const awsHealth: SourceNormaliser = {
  eventSource: AWS_HEALTH_EVENT.source,
  detailTypes: AWS_HEALTH_EVENT.detailTypes,
  normalise(event: unknown): Normalised {
    const e = parseOrThrow(HealthEventSchema, event, AWS_HEALTH_EVENT.source);
    const account = e.detail.affectedAccount ?? e.account;
    const findings: Finding[] = [];
    const ignored: IgnoredItem[] = [];
    // AWS closes the event once the key is no longer a risk (deleted or deactivated): nothing left to rotate.
    if (e.detail.statusCode === 'closed')
      return { findings, ignored: [{ ref: e.detail.eventArn, reason: 'event closed' }] };
    const rejected: RejectedEntry[] = [];
    for (const [i, raw] of e.detail.affectedEntities.entries()) {
      const entity = EntitySchema.safeParse(raw);
      if (!entity.success) {
        const issues = issuesOf(entity.error).map((issue) => `detail.affectedEntities.${i}.${issue}`);
        rejected.push({ entry: raw, error: new MalformedFindingError(AWS_HEALTH_EVENT.source, issues) });
        continue;
      }
      const keyId = entity.data.entityValue.trim();
      if (!isAwsAccessKeyId(keyId)) {
        ignored.push({ ref: e.detail.eventArn, reason: 'affected entity is not an access key id' });
        continue;
      }
      findings.push(
        z.parse(FindingSchema, {
          findingId: boundedId(`${account}/${e.detail.eventArn}/${keyId}`),
          source: 'aws-health',
          keyId,
          abuse: false,
          location: 'public code repository (reported by AWS Health)',
          reason: `AWS Health ${AWS_HEALTH_EVENT.eventTypeCode}`,
          secretType: 'aws-access-key',
          detectedAt: e.time,
        }),
      );
    }
    return rejected.length > 0 ? { findings, ignored, rejected } : { findings, ignored };
  },
};
