import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TemplateResolver } from '../resolve';
import type { Template } from '../synth';
import type { UsageRecord } from './authorizer';

/**
 * Least privilege, measured: which of the template's grants (role, action, resource) any call used. A grant is
 * named by a label that holds across deployments of different configs: the role's logical id without CDK's hash,
 * the action, and the resource as the template writes it with logical ids stripped of their hash and key index
 * (`Key0Secret4B2C8AE7` and `Key1Secret…` are both `KeySecret`).
 */
export interface GrantUse {
  readonly label: string;
  readonly used: boolean;
}

/** Where each process writes what its deployments used (set by `npm test`); unset, nothing is written. */
export const USAGE_DIR_ENV = 'REKEY_IAM_USAGE_DIR';

const stripHash = (id: string) => id.replace(/[0-9A-F]{8}$/, '').replace(/^Key\d+/, 'Key');

function label(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(label).join('');
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('Ref' in o) return `{${stripHash(String(o.Ref))}}`;
    if ('Fn::GetAtt' in o) {
      const [id, attr] = o['Fn::GetAtt'] as [string, string];
      return `{${stripHash(id)}.${attr}}`;
    }
    if ('Fn::Join' in o) {
      const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
      return parts.map(label).join(sep);
    }
  }
  return JSON.stringify(value);
}

const globToRegExp = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );

interface Grant {
  readonly roleId: string;
  readonly action: string;
  readonly resource: string;
  readonly label: string;
}

/** Every Allow in every role's identity policies, one per action and resource. */
export function templateGrants(template: Template, resolver: TemplateResolver): Grant[] {
  const grants: Grant[] = [];
  for (const [id, r] of Object.entries(template.Resources)) {
    if (r.Type !== 'AWS::IAM::Policy' && r.Type !== 'AWS::IAM::ManagedPolicy') continue;
    const roles = ((r.Properties?.Roles ?? []) as { Ref?: string }[]).map((x) => x.Ref ?? '').filter(Boolean);
    const owners = roles.length > 0 ? roles : [id];
    const statements = ((r.Properties?.PolicyDocument as { Statement?: unknown[] })?.Statement ?? []) as Record<
      string,
      unknown
    >[];
    for (const s of statements) {
      if (s.Effect !== 'Allow') continue;
      const actions = ([] as unknown[]).concat(s.Action ?? []) as string[];
      const resources = ([] as unknown[]).concat(s.Resource ?? []);
      for (const owner of owners) {
        for (const action of actions) {
          for (const resource of resources) {
            grants.push({
              roleId: owner,
              action,
              resource: String(resolver.resolve(resource)),
              label: `${stripHash(owner)} ${action} ${label(resource)}`,
            });
          }
        }
      }
    }
  }
  return grants;
}

/** Which grants some call used (principal names are role logical ids, or `agent-…`/`operator` for policies). */
export function grantUses(
  grants: readonly Grant[],
  usage: readonly UsageRecord[],
  principalOf: (roleId: string) => string,
): GrantUse[] {
  return grants.map((g) => {
    const who = principalOf(g.roleId);
    const action = globToRegExp(g.action);
    const resource = globToRegExp(g.resource);
    const used = usage.some((u) => u.principal === who && action.test(u.action) && resource.test(u.resource));
    return { label: g.label, used };
  });
}

/** Writes this deployment's grant uses where `npm test` collects them (no-op when the directory is not set). */
export function writeGrantUses(uses: readonly GrantUse[]): void {
  const dir = process.env[USAGE_DIR_ENV];
  if (!dir || uses.length === 0) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${process.pid}-${randomUUID()}.json`), JSON.stringify(uses));
}
