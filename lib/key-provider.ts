import { RemovalPolicy, SecretValue, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { PROVIDER_OPTION_DEFAULTS as DEFAULTS, PROVIDERS, type ProviderName } from '../contract';
import { SPARE_POOL_PREFIX, sparePoolSecretName } from '../contract/providers';
import { grantReadValue } from './secret-grants';

export type { ProviderName } from '../contract';

export interface GeneratedProviderOptions {
  /** Length of the random part of the token, 32 to 128. @default 40 */
  readonly length?: number;
  /** Prefix of every token (1 to 8 lowercase letters and `_`), so scanners and the redactor recognise one. @default "rk_" */
  readonly prefix?: string;
}

export interface AwsIamProviderOptions {
  /** The IAM user whose access key the secret holds; rekey rotates that user's access keys. */
  readonly userName: string;
}

/** What every provider with an admin API needs: the secret holding the credential that mints and revokes keys. */
export interface AdminCredentialOptions {
  /**
   * The provider's admin credential. Only the rotation and revocation functions (and the intake, to revoke an
   * exposed pending key) may read it. A secret made in the app is granted on its full ARN; one imported by name
   * (`Secret.fromSecretNameV2`) on `<partial ARN>-??????`.
   */
  readonly adminSecret: secretsmanager.ISecret;
}

export interface OpenAiProviderOptions extends AdminCredentialOptions {
  /** The OpenAI project that owns the service account keys. */
  readonly projectId: string;
  /** Base URL of the API. @default "https://api.openai.com" */
  readonly baseUrl?: string;
}

export interface AnthropicProviderOptions extends AdminCredentialOptions {
  /** Workspace the keys belong to. @default - the organisation's default workspace */
  readonly workspaceId?: string;
  /** Base URL of the API. @default "https://api.anthropic.com" */
  readonly baseUrl?: string;
  /**
   * The ops topic warns when the key's spare pool (`rekey put <key> --spare`) holds fewer spares than this, after
   * an emergency takes one and after an operator adds one; 0 to 100. @default 2
   */
  readonly spareFloor?: number;
}

export interface HttpProviderOptions extends AdminCredentialOptions {
  /** Base URL of the in-house key service. */
  readonly baseUrl: string;
  /** Path that mints a key (POST). @default "/keys" */
  readonly createPath?: string;
  /** Path that tests a key (GET with the key as bearer). @default "/whoami" */
  readonly testPath?: string;
  /** Path that revokes a key (DELETE; `{keyId}` is replaced). @default "/keys/{keyId}" */
  readonly revokePath?: string;
}

/** A provider bound to the managed key that uses it: its IAM needs, on that key's stack's ARNs. */
export interface KeyProviderBinding {
  /** The provider's admin credential. @default - none (generated and aws-iam keys have none) */
  readonly adminSecret?: secretsmanager.ISecret;
  /** The IAM user whose access keys an aws-iam key is. @default - none (not an aws-iam key) */
  readonly iamUser?: iam.IUser;
  /**
   * The secret holding the key's pool of inactive spare keys (`rekey-spares/<managed secret name>`), which an
   * emergency rotation activates. @default - none (only anthropic keys have one)
   */
  readonly sparePool?: secretsmanager.ISecret;
  /**
   * What minting keys takes (the rotation function): read the admin credential; for aws-iam, create and list the
   * user's access keys, tag the one in flight, and deactivate and delete a minted key that can never become
   * current (a crash before it was stored, or a pending version that lost AWSPENDING); for anthropic, read and
   * write the spare pool (an emergency takes a spare from it).
   */
  grantKeyMinting(grantee: iam.IGrantable): iam.Grant;
  /**
   * What verifying and revoking an old key takes (the revocation function): read the admin credential; for aws-iam,
   * read the key's last use, deactivate it, confirm it is inactive, delete it and drop its tag. Never creating one.
   */
  grantKeyRevocation(grantee: iam.IGrantable): iam.Grant;
  /**
   * What revoking the key of an exposed pending version takes (the exposure intake): read the admin credential; for
   * aws-iam, deactivate and delete the user's access key and drop its tag.
   */
  grantExposedKeyRevocation(grantee: iam.IGrantable): iam.Grant;
}

/** What the rotation function calls on an aws-iam key's user (lambdas/providers/aws-iam.ts: createKey and cleanup). */
const IAM_KEY_MINTING = [
  'iam:CreateAccessKey',
  'iam:ListAccessKeys',
  'iam:UpdateAccessKey',
  'iam:DeleteAccessKey',
  'iam:TagUser',
  'iam:UntagUser',
  'iam:ListUserTags',
] as const;

/** What the revocation function calls on it (lastUsed, revokeKey, isRevoked, deleteKey). */
const IAM_KEY_REVOCATION = [
  'iam:GetAccessKeyLastUsed',
  'iam:UpdateAccessKey',
  'iam:ListAccessKeys',
  'iam:DeleteAccessKey',
  'iam:ListUserTags',
  'iam:UntagUser',
] as const;

/** What the intake calls to deactivate and delete the access key of an exposed pending version. */
const IAM_EXPOSED_KEY_REVOCATION = ['iam:UpdateAccessKey', 'iam:DeleteAccessKey', 'iam:ListUserTags', 'iam:UntagUser'];

/**
 * Where a managed key's keys come from, and what IAM rekey's functions need at that provider. Made with a factory
 * (`KeyProvider.generated()`, `KeyProvider.awsIam({ userName })`, `KeyProvider.openai({ projectId, adminSecret })`,
 * `KeyProvider.anthropic({ adminSecret })`, `KeyProvider.http({ baseUrl, adminSecret })`), as
 * `secretsmanager.HostedRotation` is; `ManagedKey` binds it and grants what it needs.
 */
export abstract class KeyProvider {
  /** An internal token made with GetRandomPassword; revocation retires the version. No admin credential. */
  static generated(options: GeneratedProviderOptions = {}): KeyProvider {
    checkOptions('KeyProvider.generated', options, [], ['length', 'prefix']);
    const length = options.length ?? DEFAULTS.generated.length;
    const prefix = options.prefix ?? DEFAULTS.generated.prefix;
    if (!Token.isUnresolved(length) && (!Number.isInteger(length) || length < 32 || length > 128)) {
      throw new Error(`KeyProvider.generated: length must be an integer from 32 to 128, got ${length}`);
    }
    if (!Token.isUnresolved(prefix) && !/^[a-z]{1,8}_$/.test(prefix)) {
      throw new Error(`KeyProvider.generated: prefix must be 1 to 8 lowercase letters and "_", got "${prefix}"`);
    }
    return new SimpleProvider(PROVIDERS.generated, { length, prefix });
  }

  /** An IAM user's access key (CreateAccessKey, UpdateAccessKey Inactive, DeleteAccessKey; two keys per user at most). */
  static awsIam(options: AwsIamProviderOptions): KeyProvider {
    checkOptions('KeyProvider.awsIam', options, ['userName'], []);
    const { userName } = options;
    if (!Token.isUnresolved(userName) && !/^[\w+=,.@-]{1,64}$/.test(userName)) {
      throw new Error(`KeyProvider.awsIam: userName must be 1 to 64 of letters, digits and +=,.@_-, got "${userName}"`);
    }
    return new AwsIamProvider(userName);
  }

  /** An OpenAI project service account key, made and revoked with the admin API. */
  static openai(options: OpenAiProviderOptions): KeyProvider {
    checkOptions('KeyProvider.openai', options, ['projectId', 'adminSecret'], ['baseUrl']);
    requireText('KeyProvider.openai', 'projectId', options.projectId);
    return new SimpleProvider(
      PROVIDERS.openai,
      { projectId: options.projectId, baseUrl: url('KeyProvider.openai', options.baseUrl ?? DEFAULTS.openai.baseUrl) },
      options.adminSecret,
    );
  }

  /**
   * An Anthropic API key. The Admin API cannot create keys: an operator stocks a pool of inactive spares that an
   * emergency activates, and `rekey put` is the fallback when the pool is empty.
   */
  static anthropic(options: AnthropicProviderOptions): KeyProvider {
    checkOptions('KeyProvider.anthropic', options, ['adminSecret'], ['workspaceId', 'baseUrl', 'spareFloor']);
    if (options.workspaceId !== undefined) requireText('KeyProvider.anthropic', 'workspaceId', options.workspaceId);
    const spareFloor = options.spareFloor ?? DEFAULTS.anthropic.spareFloor;
    if (
      !Token.isUnresolved(spareFloor) &&
      (!Number.isInteger(spareFloor) || spareFloor < 0 || spareFloor > MAX_SPARE_FLOOR)
    ) {
      throw new Error(
        `KeyProvider.anthropic: spareFloor must be an integer from 0 to ${MAX_SPARE_FLOOR}, got ${spareFloor}`,
      );
    }
    return new AnthropicProvider(
      {
        ...(options.workspaceId !== undefined ? { workspaceId: options.workspaceId } : {}),
        baseUrl: url('KeyProvider.anthropic', options.baseUrl ?? DEFAULTS.anthropic.baseUrl),
        spareFloor,
      },
      options.adminSecret,
    );
  }

  /** An in-house key service behind a small REST API (create, test, revoke), called with the admin credential. */
  static http(options: HttpProviderOptions): KeyProvider {
    checkOptions('KeyProvider.http', options, ['baseUrl', 'adminSecret'], ['createPath', 'testPath', 'revokePath']);
    const path = (name: string, value: string) => {
      if (!Token.isUnresolved(value) && !value.startsWith('/')) {
        throw new Error(`KeyProvider.http: ${name} must start with "/", got "${value}"`);
      }
      return value;
    };
    return new SimpleProvider(
      PROVIDERS.http,
      {
        baseUrl: url('KeyProvider.http', options.baseUrl),
        createPath: path('createPath', options.createPath ?? DEFAULTS.http.createPath),
        testPath: path('testPath', options.testPath ?? DEFAULTS.http.testPath),
        revokePath: path('revokePath', options.revokePath ?? DEFAULTS.http.revokePath),
      },
      options.adminSecret,
    );
  }

  /** The provider's name, as the rotation function dispatches on it. */
  abstract readonly name: ProviderName;
  /** Non-secret provider settings, carried in every version of the secret. */
  abstract readonly options: Readonly<Record<string, unknown>>;
  /** The provider's admin credential. @default - none (generated and aws-iam keys have none) */
  abstract readonly adminSecret?: secretsmanager.ISecret;

  /** Binds the provider to the managed key `scope` (its stack gives the ARNs). Called by ManagedKey. */
  abstract bind(scope: Construct): KeyProviderBinding;
}

class SimpleProvider extends KeyProvider {
  constructor(
    readonly name: ProviderName,
    readonly options: Readonly<Record<string, unknown>>,
    readonly adminSecret?: secretsmanager.ISecret,
  ) {
    super();
  }

  bind(_scope: Construct): KeyProviderBinding {
    const admin = this.adminSecret;
    const name = this.name;
    const readAdmin = (grantee: iam.IGrantable) =>
      admin ? grantReadValue(admin, grantee) : iam.Grant.drop(grantee, `${name} keys have no admin credential`);
    return {
      adminSecret: admin,
      grantKeyMinting: readAdmin,
      grantKeyRevocation: readAdmin,
      grantExposedKeyRevocation: readAdmin,
    };
  }
}

const MAX_SPARE_FLOOR = 100;

/** The spare pool each managed key's construct holds, by that construct (see `sparePoolOf`). */
const sparePools = new WeakMap<Construct, secretsmanager.ISecret>();

/**
 * The spare pool of the managed key whose secret is `secret` (a ManagedKey's), for the operator policy.
 * @returns undefined where the key has none (every provider but anthropic)
 */
export function sparePoolOf(secret: secretsmanager.ISecret): secretsmanager.ISecret | undefined {
  const scope = secret.node.scope;
  return scope ? sparePools.get(scope as Construct) : undefined;
}

/**
 * Anthropic: the admin credential as every admin-API provider, and the key's spare pool, a secret of its own made
 * here. The rotation function reads and writes the pool (an emergency takes a spare); no agent policy names it, and
 * the intake and revocation functions never touch it. The operator policy grants `rekey put --spare` on it.
 */
class AnthropicProvider extends SimpleProvider {
  constructor(options: Readonly<Record<string, unknown>>, adminSecret: secretsmanager.ISecret) {
    super(PROVIDERS.anthropic, options, adminSecret);
  }

  override bind(scope: Construct): KeyProviderBinding {
    const base = super.bind(scope);
    const managedName = (scope as { secretName?: unknown }).secretName;
    if (typeof managedName !== 'string' || managedName === '') {
      throw new Error('KeyProvider.anthropic must be bound by a ManagedKey (it names the spare pool after its secret)');
    }
    if (managedName.startsWith(SPARE_POOL_PREFIX)) {
      throw new Error(
        `KeyProvider.anthropic: a managed secret's name must not start with "${SPARE_POOL_PREFIX}" (spare pools live there), got "${managedName}"`,
      );
    }
    const pool = new secretsmanager.Secret(scope, 'SparePool', {
      secretName: sparePoolSecretName(managedName),
      description: `rekey spare pool of ${managedName}: inactive Anthropic keys an emergency rotation activates`,
      // Not a key: an empty pool. `rekey put --spare` and the rotation function write the spares.
      secretStringValue: SecretValue.unsafePlainText(JSON.stringify({ spares: [], taken: [], bad: [] })),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(pool).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The spare pool holds Anthropic keys kept inactive at the provider, which cannot mint keys: nothing can rotate them. Each spare is rotated by use (an emergency activates it and makes it the managed key, which then rotates).',
    });
    sparePools.set(scope, pool);
    const grantPool = (grantee: iam.IGrantable) =>
      iam.Grant.addToPrincipal({
        grantee,
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'],
        resourceArns: [pool.secretArn],
      });
    return {
      ...base,
      sparePool: pool,
      grantKeyMinting: (grantee) => base.grantKeyMinting(grantee).combine(grantPool(grantee)),
    };
  }
}

class AwsIamProvider extends KeyProvider {
  readonly name = PROVIDERS.awsIam;
  readonly options: Readonly<Record<string, unknown>>;
  readonly adminSecret = undefined;

  constructor(private readonly userName: string) {
    super();
    this.options = { userName };
  }

  bind(scope: Construct): KeyProviderBinding {
    const user = iam.User.fromUserName(scope, 'ProviderUser', this.userName);
    const grant = (grantee: iam.IGrantable, actions: readonly string[]) =>
      iam.Grant.addToPrincipal({ grantee, actions: [...actions], resourceArns: [user.userArn] });
    return {
      iamUser: user,
      grantKeyMinting: (grantee) => grant(grantee, IAM_KEY_MINTING),
      grantKeyRevocation: (grantee) => grant(grantee, IAM_KEY_REVOCATION),
      grantExposedKeyRevocation: (grantee) => grant(grantee, IAM_EXPOSED_KEY_REVOCATION),
    };
  }
}

/**
 * Refuses what TypeScript would have refused, for callers in JavaScript or with untyped config: an option the
 * provider does not have (a misspelt one would otherwise be dropped silently), and a required one left out.
 */
function checkOptions(where: string, options: object, required: readonly string[], optional: readonly string[]) {
  const known = [...required, ...optional];
  for (const name of Object.keys(options)) {
    if (!known.includes(name)) {
      throw new Error(`${where}: unknown option "${name}" (options: ${known.join(', ') || 'none'})`);
    }
  }
  for (const name of required) {
    if ((options as Record<string, unknown>)[name] === undefined) throw new Error(`${where}: ${name} is required`);
  }
}

function requireText(where: string, name: string, value: string): void {
  if (!Token.isUnresolved(value) && value.length === 0) throw new Error(`${where}: ${name} must not be empty, got ""`);
}

function url(where: string, value: string): string {
  if (Token.isUnresolved(value)) return value;
  try {
    new URL(value);
  } catch {
    throw new Error(`${where}: baseUrl must be an absolute URL, got "${value}"`);
  }
  return value;
}
