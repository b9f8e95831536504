import { Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { PROVIDER_OPTION_DEFAULTS as DEFAULTS, PROVIDERS, type ProviderName } from '../contract';
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
   * What minting keys takes (the rotation function): read the admin credential; for aws-iam, create and list the
   * user's access keys, tag the one in flight, and deactivate and delete a minted key that can never become
   * current (a crash before it was stored, or a pending version that lost AWSPENDING).
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
    checkOptions('KeyProvider.anthropic', options, ['adminSecret'], ['workspaceId', 'baseUrl']);
    if (options.workspaceId !== undefined) requireText('KeyProvider.anthropic', 'workspaceId', options.workspaceId);
    return new SimpleProvider(
      PROVIDERS.anthropic,
      {
        ...(options.workspaceId !== undefined ? { workspaceId: options.workspaceId } : {}),
        baseUrl: url('KeyProvider.anthropic', options.baseUrl ?? DEFAULTS.anthropic.baseUrl),
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
