/**
 * The finding events: the EventBridge `source` and `detail-type` each finding source carries. The constructs' rules
 * (lib/exposure-intake.ts) match them; the intake's normalisers (lambdas/intake/sources) claim them; the GitHub
 * receiver and `rekey report-leak` put them.
 */

/** The detail-type of rekey's own finding events. */
export const FINDING_DETAIL_TYPE = 'Secret Exposed';

/** The custom finding event any scanner or CI job can put on the bus (docs/scanner-events.md). */
export const SCANNER_EVENT = { source: 'rekey.scanner', detailType: FINDING_DETAIL_TYPE } as const;

/** The finding event the GitHub webhook receiver puts on the bus. */
export const GITHUB_EVENT = { source: 'rekey.github', detailType: FINDING_DETAIL_TYPE } as const;

/** AWS Health: an IAM access key seen in a public place. */
export const AWS_HEALTH_EVENT = {
  source: 'aws.health',
  detailTypes: ['AWS Health Event', 'AWS Health Abuse Event'],
  eventTypeCode: 'AWS_RISK_CREDENTIALS_EXPOSED',
} as const;

/** Security Hub ASFF findings whose resources include an IAM access key. */
export const SECURITY_HUB_EVENT = {
  source: 'aws.securityhub',
  detailTypes: ['Security Hub Findings - Imported'],
  resourceType: 'AwsIamAccessKey',
  /**
   * The AWS products whose findings are taken when none are configured, by the last part of their ProductArn
   * (`arn:<partition>:securityhub:<region>::product/aws/<name>`, as the ASFF reference documents it): Security Hub's
   * own controls, GuardDuty, IAM Access Analyzer.
   */
  defaultAwsProducts: ['securityhub', 'guardduty', 'access-analyzer'],
} as const;

/** The ProductArn of an AWS product's Security Hub findings in one partition and region. */
export function awsSecurityHubProductArn(partition: string, region: string, product: string): string {
  return `arn:${partition}:securityhub:${region}::product/aws/${product}`;
}

/** GuardDuty findings on an access key. */
export const GUARDDUTY_EVENT = {
  source: 'aws.guardduty',
  detailTypes: ['GuardDuty Finding'],
  resourceType: 'AccessKey',
} as const;

/** Every finding source, as (source, detail-types): what the rules route to the intake and the intake takes. */
export const FINDING_EVENTS = [
  { source: SCANNER_EVENT.source, detailTypes: [SCANNER_EVENT.detailType] },
  { source: GITHUB_EVENT.source, detailTypes: [GITHUB_EVENT.detailType] },
  { source: AWS_HEALTH_EVENT.source, detailTypes: AWS_HEALTH_EVENT.detailTypes },
  { source: SECURITY_HUB_EVENT.source, detailTypes: SECURITY_HUB_EVENT.detailTypes },
  { source: GUARDDUTY_EVENT.source, detailTypes: GUARDDUTY_EVENT.detailTypes },
] as const satisfies readonly { source: string; detailTypes: readonly string[] }[];
