import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { LocalAccountPolicies, LocalPrincipal, PolicyDocument } from './account';
import { type ApiRequest, type AuthCheck, authChecks, type ResourceDirectory } from './requests';

/**
 * IAM for the local stack, evaluated the way AWS evaluates a same-account request: the caller's identity policies
 * and the resource's policy (secret, topic, queue, KMS key, function, event bus), an explicit Deny anywhere wins,
 * otherwise an Allow in either grants. Evaluation is @cloud-copilot/iam-simulate's (AGPL-3.0: a devDependency used
 * only by the local stack and tests, never bundled into anything rekey ships), which validates each ARN against
 * the action's resource types and implements every condition operator.
 */

/** A refusal as AWS words it; the gateway answers it in the service's protocol. */
export class LocalAccessDeniedError extends Error {
  constructor(
    readonly principal: string,
    readonly check: AuthCheck,
    readonly reason: 'explicit' | 'implicit',
  ) {
    super(
      `User: ${principal} is not authorized to perform: ${check.action} on resource: ${check.resource} because ${
        reason === 'explicit'
          ? 'an explicit deny in a policy denies it'
          : `no identity-based policy allows the ${check.action} action`
      }`,
    );
    this.name = 'LocalAccessDeniedError';
  }
}

/** A request signed with credentials no principal of the local account has. */
export class UnrecognizedCredentialsError extends Error {
  constructor(readonly accessKeyId: string) {
    super('The security token included in the request is invalid.');
    this.name = 'UnrecognizedCredentialsError';
  }
}

/** One allowed call, for the least-privilege report. */
export interface UsageRecord {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** What was evaluated, for a principal of the account (not a service): to evaluate it again under other policies. */
  readonly evaluation?: { readonly who: LocalPrincipal; readonly check: AuthCheck };
}

export interface AuthorizerOptions {
  readonly policies: LocalAccountPolicies;
  readonly directory: ResourceDirectory;
  /** Every principal that may sign here (roles, agents, operators), by access key id. */
  readonly principals: ReadonlyMap<string, LocalPrincipal>;
  /**
   * Access key ids of the account's administrator (the deployer, and tests looking at state): not evaluated, as an
   * AdministratorAccess session would be allowed everything rekey's resources do not deny.
   */
  readonly administrators: ReadonlySet<string>;
  /** Further checks a call needs beyond its own action, from what the service knows (see `serviceChecks`). */
  readonly extraChecks?: (request: ApiRequest, checks: readonly AuthCheck[]) => Promise<AuthCheck[]>;
  /** Told about every allowed check. */
  readonly onAllowed?: (record: UsageRecord) => void;
  /** Told about every refusal (tests assert on them; the serve log prints them). */
  readonly onDenied?: (error: LocalAccessDeniedError) => void;
}

/** Context keys AWS sets on every request here: the account, and TLS (every AWS endpoint is HTTPS). */
function globalContext(account: string, principal: LocalPrincipal): Record<string, string> {
  return {
    'aws:SecureTransport': 'true',
    'aws:PrincipalAccount': account,
    'aws:PrincipalArn': principal.roleArn,
    'aws:PrincipalType': 'AssumedRole',
    'aws:PrincipalIsAWSService': 'false',
    'aws:userid': `AROA${principal.name}:${principal.name}`,
  };
}

/** A service principal's identity policies: none (only resource policies can allow it). */
const NO_IDENTITY_POLICIES: readonly { name: string; policy: PolicyDocument }[] = [];

export class LocalAuthorizer {
  /**
   * Results already evaluated, per set of identity policies: a deployment's policies do not change once read from
   * the template, and a test run asks the same few hundred questions thousands of times.
   */
  private readonly evaluated = new WeakMap<object, Map<string, Promise<string>>>();

  constructor(private readonly options: AuthorizerOptions) {}

  /** The principal that signs with `accessKeyId`, `admin` for an administrator, or a refusal. */
  principalFor(accessKeyId: string): LocalPrincipal | 'admin' {
    if (this.options.administrators.has(accessKeyId)) return 'admin';
    const p = this.options.principals.get(accessKeyId);
    if (!p) throw new UnrecognizedCredentialsError(accessKeyId);
    return p;
  }

  /** Throws LocalAccessDeniedError unless every check the call needs is allowed. */
  async authorize(request: ApiRequest, accessKeyId: string): Promise<void> {
    const who = this.principalFor(accessKeyId);
    if (who === 'admin') return;
    const own = await authChecks(request, this.options.directory);
    const extra = this.options.extraChecks ? await this.options.extraChecks(request, own) : [];
    for (const check of [...own, ...extra]) await this.check(who, check);
  }

  /** Evaluates one check for a principal of the account. */
  async check(who: LocalPrincipal, check: AuthCheck): Promise<void> {
    const result = await this.evaluateFor(who, check, who.identityPolicies);
    if (result !== 'Allowed') {
      const error = new LocalAccessDeniedError(
        who.sessionArn,
        check,
        result === 'ExplicitlyDenied' ? 'explicit' : 'implicit',
      );
      this.options.onDenied?.(error);
      throw error;
    }
    this.options.onAllowed?.({
      principal: who.name,
      action: check.action,
      resource: check.resource,
      evaluation: { who, check },
    });
  }

  /**
   * Whether a check is allowed for a principal under other identity policies than its own (the least-privilege
   * check takes one grant out and asks again). Reports nothing to `onAllowed`/`onDenied`.
   */
  async allowedUnder(
    who: LocalPrincipal,
    check: AuthCheck,
    identityPolicies: LocalPrincipal['identityPolicies'],
  ): Promise<boolean> {
    return (await this.evaluateFor(who, check, identityPolicies)) === 'Allowed';
  }

  private evaluateFor(
    who: LocalPrincipal,
    check: AuthCheck,
    identityPolicies: LocalPrincipal['identityPolicies'],
  ): Promise<string> {
    return this.evaluate(who.sessionArn, check, identityPolicies, globalContext(this.options.policies.account, who));
  }

  /**
   * Whether a service principal (`secretsmanager.amazonaws.com` invoking a rotation function, `sns.amazonaws.com`
   * sending to a queue, `events.amazonaws.com` delivering to a target) may act on a resource: only its resource
   * policy can allow it, with the `aws:SourceArn`/`aws:SourceAccount` the service sets.
   */
  async serviceMay(
    service: string,
    check: AuthCheck & { sourceArn?: string },
  ): Promise<{ allowed: true } | { allowed: false; error: LocalAccessDeniedError }> {
    const context: Record<string, string | string[]> = {
      'aws:SecureTransport': 'true',
      'aws:SourceAccount': this.options.policies.account,
      'aws:PrincipalIsAWSService': 'true',
      ...(check.sourceArn ? { 'aws:SourceArn': check.sourceArn } : {}),
      ...check.context,
    };
    const result = await this.evaluate(service, { ...check, context }, NO_IDENTITY_POLICIES, {});
    if (result === 'Allowed') {
      this.options.onAllowed?.({ principal: service, action: check.action, resource: check.resource });
      return { allowed: true };
    }
    const error = new LocalAccessDeniedError(service, check, result === 'ExplicitlyDenied' ? 'explicit' : 'implicit');
    this.options.onDenied?.(error);
    return { allowed: false, error };
  }

  private evaluate(
    principal: string,
    check: AuthCheck,
    identityPolicies: readonly { name: string; policy: PolicyDocument }[],
    global: Record<string, string>,
  ): Promise<string> {
    let results = this.evaluated.get(identityPolicies);
    if (!results) {
      results = new Map();
      this.evaluated.set(identityPolicies, results);
    }
    const key = JSON.stringify([principal, check.action, check.resource, global, check.context ?? {}]);
    let result = results.get(key);
    if (!result) {
      result = this.simulate(principal, check, identityPolicies, global);
      results.set(key, result);
      // An evaluation that could not run is not remembered: the next call reports it again.
      const remembered = results;
      result.catch(() => remembered.delete(key));
    }
    return result;
  }

  private async simulate(
    principal: string,
    check: AuthCheck,
    identityPolicies: readonly { name: string; policy: PolicyDocument }[],
    global: Record<string, string>,
  ): Promise<string> {
    const resourcePolicy = this.options.policies.resourcePolicies.get(check.resource);
    const result = await runSimulation(
      {
        request: {
          principal,
          action: check.action,
          resource: { resource: check.resource, accountId: this.options.policies.account },
          contextVariables: { ...global, ...check.context },
        },
        identityPolicies: identityPolicies.map((p) => ({ name: p.name, policy: p.policy })),
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        ...(resourcePolicy ? { resourcePolicy } : {}),
      },
      { simulationMode: 'Strict' },
    );
    if (result.resultType === 'error') {
      throw new Error(`cannot evaluate ${check.action} on ${check.resource}: ${result.errors.message}`);
    }
    return result.overallResult;
  }
}
