import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TemplateResolver } from '../resolve';
import type { Template } from '../synth';
import type { LocalPrincipal } from './account';
import type { UsageRecord } from './authorizer';
import type { AuthCheck } from './requests';

/**
 * Least privilege, measured: which of the template's grants (role, action, resource) any call used. A grant is
 * named by a label that holds across deployments of different configs: the role's logical id without CDK's hash,
 * the action, and the resource as the template writes it with logical ids stripped of their hash and key index
 * (`Key0Secret4B2C8AE7` and `Key1Secret…` are both `KeySecret`).
 */
export interface GrantUse {
  readonly label: string;
  readonly used: boolean;
  /**
   * Whether some call this deployment made is denied once this one grant is taken out of its policy (the mutation
   * proof that the grant is needed, not only matched). Only worked out when usage is collected (`npm test`).
   */
  readonly needed?: boolean;
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

export interface Grant {
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

/** The calls a grant matches (principal names are role logical ids, or `agent-…`/`operator` for policies). */
function matches(grant: Grant, usage: readonly UsageRecord[], principalOf: (roleId: string) => string) {
  const who = principalOf(grant.roleId);
  const action = globToRegExp(grant.action);
  const resource = globToRegExp(grant.resource);
  return usage.filter((u) => u.principal === who && action.test(u.action) && resource.test(u.resource));
}

/** Which grants some call used. */
export function grantUses(
  grants: readonly Grant[],
  usage: readonly UsageRecord[],
  principalOf: (roleId: string) => string,
): GrantUse[] {
  return grants.map((g) => ({ label: g.label, used: matches(g, usage, principalOf).length > 0 }));
}

/**
 * A principal's identity policies (intrinsics resolved, as the grants' resources are) with one permission taken
 * out: every Allow statement, in any of its policies, that names the action and the resource loses that pair (the
 * statement's other actions and resources stay, conditions too). Copies of a grant (the same pair granted twice,
 * as a label counts them once) go together; a broader statement (a wildcard) that also covers it stays.
 */
export function withoutGrant(
  policies: LocalPrincipal['identityPolicies'],
  grant: Pick<Grant, 'action' | 'resource'>,
): LocalPrincipal['identityPolicies'] {
  const list = <T>(v: T | readonly T[] | undefined): T[] => ([] as T[]).concat((v ?? []) as T[]);
  return policies.map((p) => {
    const Statement = p.policy.Statement.flatMap((s) => {
      const actions = list(s.Action as string | string[]);
      const resources = list(s.Resource as string | string[]);
      if (s.Effect !== 'Allow' || !actions.includes(grant.action) || !resources.includes(grant.resource)) return [s];
      const otherActions = actions.filter((a) => a !== grant.action);
      const otherResources = resources.filter((r) => r !== grant.resource);
      return [
        ...(otherActions.length > 0 ? [{ ...s, Action: otherActions }] : []),
        ...(otherResources.length > 0 ? [{ ...s, Action: [grant.action], Resource: otherResources }] : []),
      ];
    });
    return Statement.length === p.policy.Statement.length && Statement.every((s, i) => s === p.policy.Statement[i])
      ? p
      : { name: p.name, policy: { ...p.policy, Statement } };
  });
}

/** Grant labels some deployment of this process already proved needed: each is proved once per process. */
const PROVED_IN_THIS_PROCESS = new Set<string>();

/**
 * Which used grants are needed: for each, the calls it matched are evaluated again with only that grant taken out
 * (`withoutGrant`); the grant is needed when one of them is then refused. A used grant that is not needed is
 * redundant (a broader statement, or the resource's own policy, allows the same calls). Labels in `provedNeeded` count as
 * needed without asking again (a label proved by any deployment is proved for the suite).
 */
export async function grantNecessity(
  grants: readonly Grant[],
  usage: readonly UsageRecord[],
  principalOf: (roleId: string) => string,
  allowedUnder: (
    who: LocalPrincipal,
    check: AuthCheck,
    policies: LocalPrincipal['identityPolicies'],
  ) => Promise<boolean>,
  provedNeeded: Set<string> = PROVED_IN_THIS_PROCESS,
): Promise<GrantUse[]> {
  const uses: GrantUse[] = [];
  for (const grant of grants) {
    const matched = matches(grant, usage, principalOf);
    if (matched.length === 0) {
      uses.push({ label: grant.label, used: false });
      continue;
    }
    let needed = provedNeeded.has(grant.label);
    const seen = new Set<string>();
    for (const u of matched) {
      if (needed) break;
      if (!u.evaluation) continue;
      const key = JSON.stringify([u.action, u.resource, u.evaluation.check.context]);
      if (seen.has(key)) continue;
      seen.add(key);
      const policies = withoutGrant(u.evaluation.who.identityPolicies, grant);
      needed = !(await allowedUnder(u.evaluation.who, u.evaluation.check, policies));
    }
    if (needed) provedNeeded.add(grant.label);
    uses.push({ label: grant.label, used: true, needed });
  }
  return uses;
}

/** Writes this deployment's grant uses where `npm test` collects them (no-op when the directory is not set). */
export function writeGrantUses(uses: readonly GrantUse[]): void {
  const dir = process.env[USAGE_DIR_ENV];
  if (!dir || uses.length === 0) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${process.pid}-${randomUUID()}.json`), JSON.stringify(uses));
}
