import { createHash } from 'node:crypto';
import type { Template } from './synth';

/** Local stand-ins for a template resource: what `Ref` and `Fn::GetAtt` resolve to. */
export interface LocalResource {
  readonly ref: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export const LOCAL_ACCOUNT = '123456789012'; // moto's default account

/**
 * Resolves the intrinsic functions the rekey template uses (Ref, Fn::GetAtt, Fn::Join, pseudo parameters) against
 * local resources. A resource not made locally resolves to a stand-in in the local account, named by its logical
 * id, with ARNs of the form AWS uses, so nothing points at a real account and policies see real-shaped ARNs.
 */
export class TemplateResolver {
  private readonly resources = new Map<string, LocalResource>();

  constructor(
    readonly template: Template,
    readonly region: string,
  ) {}

  bind(logicalId: string, resource: LocalResource): void {
    this.resources.set(logicalId, resource);
  }

  /**
   * What a resource not made locally resolves to: the name and ARNs AWS would give it (the logical id as its name),
   * in the form AWS uses for that resource type, so that policies naming it are evaluated on real-shaped ARNs.
   */
  standIn(logicalId: string): LocalResource {
    const type = this.template.Resources[logicalId]?.Type ?? 'AWS::Unknown::Resource';
    const at = `${this.region}:${LOCAL_ACCOUNT}`;
    const id = logicalId;
    switch (type) {
      case 'AWS::Lambda::Function':
        return { ref: id, attributes: { Arn: `arn:aws:lambda:${at}:function:${id}` } };
      // A version or an alias: Ref is its qualified ARN (`function:<name>:<qualifier>`), as CloudFormation answers.
      case 'AWS::Lambda::Version': {
        const fn = String(this.resolve(this.template.Resources[logicalId]?.Properties?.FunctionName));
        return { ref: `arn:aws:lambda:${at}:function:${fn}:1`, attributes: { Version: '1' } };
      }
      case 'AWS::Lambda::Alias': {
        const props = this.template.Resources[logicalId]?.Properties ?? {};
        const fn = String(this.resolve(props.FunctionName));
        const arn = `arn:aws:lambda:${at}:function:${fn}:${String(props.Name)}`;
        return { ref: arn, attributes: { AliasArn: arn } };
      }
      case 'AWS::IAM::Role':
        return { ref: id, attributes: { Arn: `arn:aws:iam::${LOCAL_ACCOUNT}:role/${id}`, RoleId: `AROA${id}` } };
      case 'AWS::IAM::ManagedPolicy':
        return { ref: `arn:aws:iam::${LOCAL_ACCOUNT}:policy/${id}`, attributes: {} };
      case 'AWS::KMS::Key': {
        const keyId = uuidFrom(id);
        return { ref: keyId, attributes: { Arn: `arn:aws:kms:${at}:key/${keyId}`, KeyId: keyId } };
      }
      case 'AWS::Events::Rule':
        return { ref: id, attributes: { Arn: `arn:aws:events:${at}:rule/${id}` } };
      case 'AWS::Events::EventBus':
        return { ref: id, attributes: { Arn: `arn:aws:events:${at}:event-bus/${id}`, Name: id } };
      case 'AWS::Logs::LogGroup':
        return { ref: id, attributes: { Arn: `arn:aws:logs:${at}:log-group:${id}:*` } };
      case 'AWS::CloudWatch::Alarm':
        return { ref: id, attributes: { Arn: `arn:aws:cloudwatch:${at}:alarm:${id}` } };
      case 'AWS::Lambda::Url':
        return {
          ref: id,
          attributes: { FunctionUrl: `https://${id.toLowerCase()}.lambda-url.${this.region}.on.aws/` },
        };
      default: {
        const service = type.split('::')[1]?.toLowerCase() ?? 'unknown';
        return { ref: `arn:aws:${service}:${at}:${id}`, attributes: { Arn: `arn:aws:${service}:${at}:${id}` } };
      }
    }
  }

  resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value === null || typeof value !== 'object') return value;
    const obj = value as Record<string, unknown>;
    if ('Ref' in obj) return this.ref(String(obj.Ref));
    if ('Fn::GetAtt' in obj) {
      const [id, attr] = obj['Fn::GetAtt'] as [string, string];
      return this.resources.get(id)?.attributes[attr] ?? this.standIn(id).attributes[attr] ?? this.standIn(id).ref;
    }
    if ('Fn::Join' in obj) {
      const [sep, parts] = obj['Fn::Join'] as [string, unknown[]];
      return parts.map((p) => String(this.resolve(p))).join(sep);
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, this.resolve(v)]));
  }

  private ref(id: string): string {
    switch (id) {
      case 'AWS::Region':
        return this.region;
      case 'AWS::AccountId':
        return LOCAL_ACCOUNT;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return 'Rekey';
      default:
        return this.resources.get(id)?.ref ?? this.standIn(id).ref;
    }
  }
}

/** A UUID-shaped id derived from a name (KMS key ids are UUIDs). */
function uuidFrom(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
