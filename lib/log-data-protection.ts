import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * CloudWatch Logs data protection for the key formats rekey manages: a log line that carries a key anyway is
 * masked where it lands (and the finding audited), whatever wrote it. The patterns follow packages/client/src/patterns.ts,
 * rewritten in the regex subset CloudWatch accepts (no groups, no lookaround; at most 200 characters; at most 10
 * custom identifiers per policy).
 */

/** A key format as a CloudWatch Logs custom data identifier. */
export interface KeyFormat {
  /** Identifier name: letters, digits, `_` and `-`, at most 128 characters. */
  readonly name: string;
  /** The regex, in the subset CloudWatch Logs accepts. */
  readonly regex: string;
}

/** The formats rekey manages, each as CloudWatch will match it. */
export const MANAGED_KEY_FORMATS: readonly KeyFormat[] = [
  { name: 'AnthropicApiKey', regex: 'sk-ant-api\\d{2}-[A-Za-z0-9_-]{20,}' },
  { name: 'AnthropicAdminKey', regex: 'sk-ant-admin\\d{2}-[A-Za-z0-9_-]{20,}' },
  { name: 'OpenAiProjectKey', regex: 'sk-proj-[A-Za-z0-9_-]{20,}' },
  { name: 'OpenAiServiceAccountKey', regex: 'sk-svcacct-[A-Za-z0-9_-]{20,}' },
  { name: 'OpenAiAdminKey', regex: 'sk-admin-[A-Za-z0-9_-]{20,}' },
  { name: 'RekeyGeneratedToken', regex: 'rk_[A-Za-z0-9]{40}' },
  { name: 'AwsAccessKeyId', regex: 'A[KS]IA[A-Z0-9]{16}' },
];

/** Managed data identifiers added to every policy: the AWS secret access key that goes with an access key id. */
export const MANAGED_DATA_IDENTIFIERS: readonly logs.DataIdentifier[] = [logs.DataIdentifier.AWSSECRETKEY];

const MAX_CUSTOM_IDENTIFIERS = 10;
const NAME = /^[A-Za-z0-9_-]{1,128}$/;
/** Characters CloudWatch Logs accepts in a custom data identifier's regex. */
const REGEX_CHARS = /^[A-Za-z0-9_#=@/;,\- ^$?[\]{}|\\*+.]+$/;

export interface KeyLogProtectionPolicyProps {
  /** Extra key formats (e.g. a generated token with another prefix or length). @default [] */
  readonly additionalFormats?: readonly KeyFormat[];
  /** Where findings are audited. @default - no audit destination (keys are still masked) */
  readonly auditLogGroup?: logs.ILogGroup;
  /** @default 'rekey-key-material' */
  readonly name?: string;
}

export interface KeyLogProtectionProps extends KeyLogProtectionPolicyProps {
  /**
   * Log groups to protect. Each must be a `logs.LogGroup` defined in this app (an imported group has no
   * CloudFormation resource to carry the policy: pass `KeyLogProtection.policy()` where it is created instead).
   */
  readonly logGroups: readonly logs.ILogGroup[];
}

/**
 * Puts rekey's data protection policy on log groups: rekey's own, or a fleet's
 * (`new KeyLogProtection(this, 'KeyLogs', { logGroups: [agentLogs] })`). For a log group not yet created, pass
 * `KeyLogProtection.policy()` as its `dataProtectionPolicy`.
 */
export class KeyLogProtection extends Construct {
  /** The policy for rekey's managed key formats, for a `logs.LogGroup`'s `dataProtectionPolicy`. */
  static policy(props: KeyLogProtectionPolicyProps = {}): logs.DataProtectionPolicy {
    const formats = [...MANAGED_KEY_FORMATS, ...(props.additionalFormats ?? [])];
    validateFormats(formats);
    return new logs.DataProtectionPolicy({
      name: props.name ?? 'rekey-key-material',
      description: 'Masks API keys rekey manages (Anthropic, OpenAI, rekey tokens, AWS access keys) in log events',
      identifiers: [...MANAGED_DATA_IDENTIFIERS, ...formats.map((f) => new logs.CustomDataIdentifier(f.name, f.regex))],
      ...(props.auditLogGroup ? { logGroupAuditDestination: props.auditLogGroup } : {}),
    });
  }

  readonly policy: logs.DataProtectionPolicy;

  constructor(scope: Construct, id: string, props: KeyLogProtectionProps) {
    super(scope, id);
    if (props.logGroups.length === 0) throw new Error('logGroups must name at least one log group, got 0');
    this.policy = KeyLogProtection.policy(props);
    props.logGroups.forEach((group, i) => {
      const cfn = group.node.defaultChild;
      if (!(cfn instanceof logs.CfnLogGroup)) {
        throw new Error(
          `logGroups[${i}] (${group.node.path}) is not a log group defined in this app; pass KeyLogProtection.policy() as its dataProtectionPolicy where it is created`,
        );
      }
      if (cfn.dataProtectionPolicy !== undefined) {
        throw new Error(`logGroups[${i}] (${group.node.path}) already has a data protection policy`);
      }
      const bound = this.policy._bind(group);
      cfn.dataProtectionPolicy = {
        Name: bound.name,
        Description: bound.description,
        Version: bound.version,
        Statement: bound.statement,
        Configuration: bound.configuration,
      };
    });
  }
}

function validateFormats(formats: readonly KeyFormat[]): void {
  if (formats.length > MAX_CUSTOM_IDENTIFIERS) {
    throw new Error(
      `a data protection policy holds at most ${MAX_CUSTOM_IDENTIFIERS} custom key formats, got ${formats.length}`,
    );
  }
  const seen = new Set<string>();
  for (const f of formats) {
    if (!NAME.test(f.name)) {
      throw new Error(`key format name must be 1 to 128 letters, digits, _ or -, got "${f.name}"`);
    }
    if (seen.has(f.name)) throw new Error(`key format names must be unique, got "${f.name}" twice`);
    seen.add(f.name);
    if (f.regex.length === 0 || f.regex.length > 200) {
      throw new Error(`key format ${f.name}: regex must be 1 to 200 characters, got ${f.regex.length}`);
    }
    if (!REGEX_CHARS.test(f.regex)) {
      throw new Error(
        `key format ${f.name}: regex uses a character CloudWatch Logs does not accept (no groups or lookaround), got ${f.regex}`,
      );
    }
  }
}
