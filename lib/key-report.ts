import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { keyReportAlias } from '../contract';
import type { FleetNotifications } from './fleet-notifications';
import type { KeyInventory } from './key-inventory';
import type { ManagedKey } from './managed-key';
import { acknowledgeInvoke } from './nag-suppressions';
import { RekeyFunction } from './rekey-function';

export interface KeyReportProps {
  /** The function's environment: inventory table, ops topic, secret prefix and revocation state machine (contract/env.ts). */
  readonly environment: Readonly<Record<string, string>>;
  /** The keys agents may report; the function reads, tests and rotates exactly these. */
  readonly keys: readonly ManagedKey[];
  readonly inventory: KeyInventory;
  /**
   * Its ops topic is told of every confirmed dead key; each of its fleets (those with an agent policy) gets its own
   * alias of the function, and its agent policy may invoke that alias only.
   */
  readonly notifications: FleetNotifications;
  /** Concurrent checks at most (1 to 10): a flood of reports is throttled, not multiplied. @default 2 */
  readonly reservedConcurrency?: number;
}

/** What the function does with the inventory: its de-duplication records, the version items, the fingerprint index. */
const INVENTORY_USE = { items: ['GetItem', 'PutItem', 'UpdateItem'], indexes: true } as const;

/** What the aws-iam provider's testKey calls on the key's user (lambdas/providers/aws-iam.ts). */
const IAM_KEY_TEST = ['iam:ListAccessKeys'];

/**
 * The dead-key report function (lambdas/key-report): agents that still get an invalid-key answer right after a
 * refresh invoke it with ids and the key's fingerprint; it checks the version is AWSCURRENT and the fingerprint is
 * its key's, takes the first report per version in the window, tests the key at the provider and, only when the
 * provider rejects it, starts an emergency rotation as the exposure intake does. Wires itself: environment,
 * grants, and per fleet an alias (`fleet-<fleet>`, on a published version) with `lambda:InvokeFunction` on that
 * alias's ARN alone in the fleet's agent policy. The handler takes the fleet from the invoked ARN's qualifier and
 * refuses a report on a secret not tagged for that fleet, and an unqualified invocation, before any provider call.
 */
export class KeyReport extends Construct {
  readonly handler: RekeyFunction;
  /** Each fleet's alias of the function, by fleet name: what its agents invoke. */
  readonly fleetAliases: Readonly<Record<string, lambda.Alias>>;

  constructor(scope: Construct, id: string, props: KeyReportProps) {
    super(scope, id);
    const concurrency = props.reservedConcurrency ?? 2;
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 10) {
      throw new Error(`reservedConcurrency must be a whole number from 1 to 10, got ${concurrency}`);
    }
    this.handler = new RekeyFunction(this, 'Handler', {
      handlerDir: 'key-report',
      description: 'rekey: confirms an agent-reported dead key at its provider and rotates it in emergency mode',
      timeout: Duration.seconds(15),
      reservedConcurrentExecutions: concurrency,
      environment: props.environment,
    });
    const fn = this.handler.function;
    for (const key of props.keys) this.grantKeyCheck(key, fn);
    props.inventory.grantItems(fn, INVENTORY_USE);
    props.notifications.grantAlertOperators(fn);
    const aliases: Record<string, lambda.Alias> = {};
    for (const fleet of Object.keys(props.notifications.agentPolicies)) {
      aliases[fleet] = new lambda.Alias(this, `Fleet${fleet.replace(/[^A-Za-z0-9]/g, '')}`, {
        aliasName: keyReportAlias(fleet),
        version: fn.currentVersion,
        description: `rekey: the ${fleet} fleet's dead-key reports`,
      });
    }
    this.fleetAliases = aliases;
    props.notifications.allowDeadKeyReports(aliases);
  }

  /** The alias `fleet`'s agents invoke (its ARN is the stack output `KeyReportAliasArn<Fleet>`). */
  aliasFor(fleet: string): lambda.IFunction {
    const alias = this.fleetAliases[fleet];
    if (!alias) {
      const known = Object.keys(this.fleetAliases);
      throw new Error(`fleet "${fleet}" has no report alias (fleets with secrets: ${known.join(', ') || 'none'})`);
    }
    return alias;
  }

  /** The function agents invoke. */
  get function(): lambda.IFunction {
    return this.handler.function;
  }

  /**
   * Read the key's value and stages (GetSecretValue, DescribeSecret), test it at the provider, and RotateSecret
   * (which needs lambda:InvokeFunction on the rotation function too), as the intake's emergency rotation does.
   */
  private grantKeyCheck(key: ManagedKey, grantee: iam.IGrantable): iam.Grant {
    let grant = key.secret.grantRead(grantee).combine(
      iam.Grant.addToPrincipal({
        grantee,
        actions: ['secretsmanager:RotateSecret'],
        resourceArns: [key.secret.secretArn],
      }),
    );
    const user = key.operatorKey.iamUser;
    if (user) {
      grant = grant.combine(iam.Grant.addToPrincipal({ grantee, actions: IAM_KEY_TEST, resourceArns: [user.userArn] }));
    }
    const invoke = key.rotationFunction.grantInvoke(grantee);
    const principal = grantee.grantPrincipal;
    if (Construct.isConstruct(principal)) acknowledgeInvoke(principal, key.rotationFunction);
    return grant.combine(invoke);
  }
}
