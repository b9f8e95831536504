import { SECURITY_HUB_EVENT } from '../../../contract';
import * as z from '../../common/zod';
import { MalformedFindingError, UntrustedProductError } from '../errors';
import { type Finding, FindingSchema, isAwsAccessKeyId } from '../finding';
import {
  boundedId,
  envelope,
  type IgnoredItem,
  issuesOf,
  type Normalised,
  type NormaliseOptions,
  parseOrThrow,
  type RejectedEntry,
  type SourceNormaliser,
} from './types';

/**
 * Security Hub `Security Hub Findings - Imported` (ASFF) whose resources include an `AwsIamAccessKey`. The access
 * key id is `Details.AwsIamAccessKey.AccessKeyId`, or, in findings that leave it out (GuardDuty's, through Security
 * Hub), the id inside the resource `Id` (`AWS::IAM::AccessKey:AKIA…`).
 *
 * Ignored: archived records, findings already resolved or suppressed, and posture checks (every type under
 * `Software and Configuration Checks`, e.g. "access key older than 90 days"), which say nothing about exposure.
 * `abuse` when a type is under `TTPs`, `Effects` or `Unusual Behaviors`: the finding describes activity with the
 * key, i.e. someone is using it. The event's source, detail-types and resource type: contract/events.ts.
 *
 * Rejected, each on its own: a finding that is not ASFF (it goes to the dead-letter queue with its reason, and the
 * event's other findings are handled).
 *
 * Refused: a finding from a product the deployment does not trust (`ProductArn` outside `securityHubProductArns`;
 * by default AWS's own products). Anyone who may call BatchImportFindings can import a finding into Security Hub,
 * so the rule matches the configured products only, and this check holds where the rule did not (defence in depth).
 */

const ResourceSchema = z.looseObject({
  Type: z.string(),
  Id: z.string(),
  Details: z.optional(
    z.looseObject({
      AwsIamAccessKey: z.optional(z.looseObject({ AccessKeyId: z.optional(z.string()) })),
    }),
  ),
});

const AsffSchema = z.looseObject({
  Id: z.string().check(z.minLength(1)),
  ProductArn: z.string().check(z.minLength(1)),
  AwsAccountId: z.optional(z.string()),
  Types: z._default(z.array(z.string()), []),
  Title: z.optional(z.string()),
  UpdatedAt: z.optional(z.string()),
  RecordState: z.optional(z.string()),
  Workflow: z.optional(z.looseObject({ Status: z.optional(z.string()) })),
  Resources: z.array(ResourceSchema).check(z.minLength(1)),
});

// Each ASFF finding is checked on its own (AsffSchema): one malformed finding does not cost the event its good ones.
const SecurityHubEventSchema = envelope(z.looseObject({ findings: z.array(z.unknown()).check(z.minLength(1)) }));

const BEHAVIOUR = /^(TTPs|Effects|Unusual Behaviors)(\/|$)/;
const POSTURE = /^Software and Configuration Checks(\/|$)/;
/** AWS's own products (contract/events.ts), in any partition and region: cross-Region aggregation keeps each finding's own. */
const AWS_OWN_PRODUCT = new RegExp(
  `^arn:aws[a-z-]*:securityhub:[a-z0-9-]+::product/aws/(?:${SECURITY_HUB_EVENT.defaultAwsProducts.join('|')})$`,
);

/** True when the deployment takes findings from this product. */
export function trustedProduct(productArn: string, configured?: readonly string[]): boolean {
  return configured ? configured.includes(productArn) : AWS_OWN_PRODUCT.test(productArn);
}

const KEY_IN_ID = /(?:^|[^A-Z0-9])((?:AKIA|ASIA)[A-Z0-9]{16})(?![A-Z0-9])/;

function accessKeyIdOf(resource: z.infer<typeof ResourceSchema>): string | undefined {
  const detailed = resource.Details?.AwsIamAccessKey?.AccessKeyId?.trim();
  if (detailed && isAwsAccessKeyId(detailed)) return detailed;
  return KEY_IN_ID.exec(resource.Id)?.[1];
}

export const securityHub: SourceNormaliser = {
  eventSource: SECURITY_HUB_EVENT.source,
  detailTypes: SECURITY_HUB_EVENT.detailTypes,
  normalise(event: unknown, options: NormaliseOptions = {}): Normalised {
    const e = parseOrThrow(SecurityHubEventSchema, event, SECURITY_HUB_EVENT.source);
    const asff: z.infer<typeof AsffSchema>[] = [];
    const rejected: RejectedEntry[] = [];
    for (const [i, raw] of e.detail.findings.entries()) {
      const parsed = AsffSchema.safeParse(raw);
      if (parsed.success) asff.push(parsed.data);
      else {
        const issues = issuesOf(parsed.error).map((issue) => `detail.findings.${i}.${issue}`);
        rejected.push({ entry: raw, error: new MalformedFindingError(SECURITY_HUB_EVENT.source, issues) });
      }
    }
    const untrusted = asff.find((f) => !trustedProduct(f.ProductArn, options.securityHubProductArns));
    if (untrusted) throw new UntrustedProductError(untrusted.ProductArn, untrusted.Id);
    const findings: Finding[] = [];
    const ignored: IgnoredItem[] = [];
    for (const f of asff) {
      const ref = f.Id;
      if (f.RecordState && f.RecordState !== 'ACTIVE') {
        ignored.push({ ref, reason: `record state ${f.RecordState}` });
        continue;
      }
      const workflow = f.Workflow?.Status;
      if (workflow === 'RESOLVED' || workflow === 'SUPPRESSED') {
        ignored.push({ ref, reason: `workflow status ${workflow}` });
        continue;
      }
      if (f.Types.length > 0 && f.Types.every((t) => POSTURE.test(t))) {
        ignored.push({ ref, reason: 'a posture check, not an exposure' });
        continue;
      }
      const keys = f.Resources.filter((r) => r.Type === SECURITY_HUB_EVENT.resourceType).map(accessKeyIdOf);
      const keyIds = [...new Set(keys.filter((k): k is string => k !== undefined))];
      if (keyIds.length === 0) {
        ignored.push({ ref, reason: 'no access key id in its AwsIamAccessKey resources' });
        continue;
      }
      const abuse = f.Types.some((t) => BEHAVIOUR.test(t));
      for (const keyId of keyIds) {
        findings.push(
          z.parse(FindingSchema, {
            findingId: boundedId(keyIds.length > 1 ? `${f.Id}#${keyId}` : f.Id),
            source: 'security-hub',
            keyId,
            abuse,
            location: (f.Title ?? f.ProductArn).slice(0, 1000),
            reason: `Security Hub finding (${f.Types[0] ?? 'no type'})`.slice(0, 500),
            secretType: 'aws-access-key',
            detectedAt: f.UpdatedAt ?? e.time,
          }),
        );
      }
    }
    return rejected.length > 0 ? { findings, ignored, rejected } : { findings, ignored };
  },
};
