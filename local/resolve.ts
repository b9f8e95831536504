import type { Template } from './synth';

/** Local stand-ins for a template resource: what `Ref` and `Fn::GetAtt` resolve to. */
export interface LocalResource {
  readonly ref: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export const LOCAL_ACCOUNT = '123456789012'; // moto's default account

/**
 * Resolves the intrinsic functions the rekey template uses (Ref, Fn::GetAtt, Fn::Join, pseudo parameters) against
 * local resources. Anything it cannot resolve becomes a fake ARN naming the logical id, so nothing silently
 * points at a real account.
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

  fakeArn(logicalId: string): string {
    const type = this.template.Resources[logicalId]?.Type ?? 'AWS::Unknown::Resource';
    const service = type.split('::')[1]?.toLowerCase() ?? 'unknown';
    return `arn:aws:${service}:${this.region}:${LOCAL_ACCOUNT}:${logicalId}`;
  }

  resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value === null || typeof value !== 'object') return value;
    const obj = value as Record<string, unknown>;
    if ('Ref' in obj) return this.ref(String(obj.Ref));
    if ('Fn::GetAtt' in obj) {
      const [id, attr] = obj['Fn::GetAtt'] as [string, string];
      return this.resources.get(id)?.attributes[attr] ?? this.fakeArn(id);
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
        return this.resources.get(id)?.ref ?? this.fakeArn(id);
    }
  }
}
