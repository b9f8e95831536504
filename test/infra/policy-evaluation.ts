import type { RekeyConfigInput } from '../../lib/config';
import { type LocalPrincipal, principal, readAccountPolicies } from '../../local/emulator/iam/account';
import { LocalAccessDeniedError, LocalAuthorizer } from '../../local/emulator/iam/authorizer';
import { agentPolicyIdPrefix, OPERATOR_POLICY_ID_PREFIX } from '../../local/emulator/iam/index';
import { type ApiRequest, type AuthCheck, authChecks, type ResourceDirectory } from '../../local/emulator/iam/requests';
import { TemplateResolver } from '../../local/emulator/resolve';
import type { Template as LocalTemplate } from '../../local/emulator/synth';
import { synthStack, TEST_CONFIG } from '../support/synth';

/**
 * The emitted policies evaluated the way AWS evaluates them (@cloud-copilot/iam-simulate, through the local stack's
 * authorizer), on resources with the ARNs AWS gives them: secrets with their random suffix, a real-shaped queue,
 * table, state machine, function, topic key and stack id.
 */
export const ACCOUNT = '111111111111';
export const REGION = 'eu-west-1';
export const at = `${REGION}:${ACCOUNT}`;
export const STATE_MACHINE = 'RevocationStateMachineC3E6198A-Xy12';
export const STACK_ID = `arn:aws:cloudformation:${at}:stack/Rekey/0f3c1e2a-1b2c-4d5e-8f90-a1b2c3d4e5f6`;
export const ROTATION_FUNCTION = `arn:aws:lambda:${at}:function:Rekey-RotationHandlerFunction-Ab12Cd34`;
export const TOPIC_KEY = `arn:aws:kms:${at}:key/0b7c2d4e-5f60-4a1b-8c2d-3e4f5a6b7c8d`;
export const arn = (resource: string) => `arn:aws:${resource}`;

export interface EvaluationWorld {
  readonly principals: Record<'support' | 'research' | 'operator', LocalPrincipal>;
  /** Each function's execution role, by its construct path without the hash (`IntakeHandler`, `RevocationHandler`…). */
  readonly roles: Readonly<Record<string, LocalPrincipal>>;
  /** Each fleet's queue URL, by fleet name. */
  readonly queueUrl: Readonly<Record<string, string>>;
  readonly opsTopicArn: string;
  /** rekey's own finding bus, by name. */
  readonly findingBusName: string;
  readonly directory: ResourceDirectory;
  /** The synthesized template's values as the evaluated account has them (function ARNs, …). */
  readonly resolver: TemplateResolver;
  readonly template: LocalTemplate;
  /** The agents of `fleet`, under the policy the stack emits for that fleet. */
  agent(fleet: string): LocalPrincipal;
  /** True when every check the call needs (plus `extra`) is allowed for `who`. */
  allowed(who: LocalPrincipal, request: ApiRequest, extra?: AuthCheck[]): Promise<boolean>;
}

/** Synthesizes TEST_CONFIG and sets up its agents and operator under the policies the stack emits. */
export function evaluationWorld(config: RekeyConfigInput = TEST_CONFIG): EvaluationWorld {
  const queueUrl: Record<string, string> = {};
  let opsTopicId = '';
  let findingBusName = 'default';
  const template = synthStack(config).template.toJSON() as LocalTemplate;
  const resolver = new TemplateResolver(template, REGION);
  const secretArns = new Map<string, string>();
  for (const [id, r] of Object.entries(template.Resources)) {
    switch (r.Type) {
      case 'AWS::SecretsManager::Secret': {
        const name = String(r.Properties?.Name);
        // AWS appends six random characters to a secret's name in its ARN.
        const secretArn = arn(`secretsmanager:${at}:secret:${name}-${id.slice(-6)}`);
        secretArns.set(name, secretArn);
        resolver.bind(id, { ref: secretArn, attributes: {} });
        break;
      }
      case 'AWS::SQS::Queue': {
        const url = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/Rekey-${id}`;
        const fleet = /^Notifications(.+)Queue[A-F0-9]{8}$/.exec(id)?.[1];
        if (fleet) queueUrl[fleet] = url;
        resolver.bind(id, { ref: url, attributes: { Arn: arn(`sqs:${at}:Rekey-${id}`), QueueUrl: url } });
        break;
      }
      case 'AWS::DynamoDB::GlobalTable':
        resolver.bind(id, { ref: 'rekey-inventory', attributes: { Arn: arn(`dynamodb:${at}:table/rekey-inventory`) } });
        break;
      case 'AWS::StepFunctions::StateMachine':
        resolver.bind(id, {
          ref: arn(`states:${at}:stateMachine:${STATE_MACHINE}`),
          attributes: { Name: STATE_MACHINE },
        });
        break;
      case 'AWS::SNS::Topic':
        resolver.bind(id, { ref: arn(`sns:${at}:Rekey-${id}`), attributes: {} });
        if (id.startsWith('NotificationsOpsTopic')) opsTopicId = id;
        break;
      case 'AWS::KMS::Key':
        resolver.bind(id, { ref: TOPIC_KEY.split('/')[1] ?? '', attributes: { Arn: TOPIC_KEY } });
        break;
      case 'AWS::Lambda::Function':
        if (id.startsWith('RotationHandlerFunction')) {
          resolver.bind(id, { ref: ROTATION_FUNCTION, attributes: { Arn: ROTATION_FUNCTION } });
        }
        break;
      case 'AWS::Events::EventBus': {
        findingBusName = String(r.Properties?.Name);
        resolver.bind(id, {
          ref: findingBusName,
          attributes: { Name: findingBusName, Arn: arn(`events:${at}:event-bus/${findingBusName}`) },
        });
        break;
      }
      default:
        break;
    }
  }
  resolver.bind('AWS::StackId', { ref: STACK_ID, attributes: {} });
  const policies = readAccountPolicies(template, resolver, ACCOUNT);
  const holding = (name: string, prefix: string) => {
    const entry = [...policies.managedPolicies].find(([id]) => id.startsWith(prefix));
    if (!entry) throw new Error(`no managed policy ${prefix}…`);
    return principal(name, name, ACCOUNT, [{ name: entry[0], policy: entry[1] }]);
  };
  const support = holding('agent-support', agentPolicyIdPrefix('support'));
  const research = holding('agent-research', agentPolicyIdPrefix('research'));
  const operator = holding('operator', OPERATOR_POLICY_ID_PREFIX);
  const directory: ResourceDirectory = {
    region: REGION,
    account: ACCOUNT,
    // As AWS does for a name it does not know: the ARN the name would have, without a suffix.
    secretArn: async (id) =>
      secretArns.get(id) ?? (id.startsWith('arn:') ? id : arn(`secretsmanager:${at}:secret:${id}`)),
    partitionKey: () => 'pk',
    accessKeyUser: async () => undefined,
  };
  const authorizer = new LocalAuthorizer({ policies, directory, principals: new Map(), administrators: new Set() });
  return {
    principals: { support, research, operator },
    roles: Object.fromEntries([...policies.roles].map(([id, role]) => [id.replace(/Role[A-F0-9]{8}$/, ''), role])),
    queueUrl,
    opsTopicArn: arn(`sns:${at}:Rekey-${opsTopicId}`),
    findingBusName,
    directory,
    resolver,
    template,
    agent: (fleet) => holding(`agent-${fleet}`, agentPolicyIdPrefix(fleet)),
    async allowed(who, request, extra = []) {
      try {
        for (const check of [...(await authChecks(request, directory)), ...extra]) await authorizer.check(who, check);
        return true;
      } catch (err) {
        if (err instanceof LocalAccessDeniedError) return false;
        throw err;
      }
    },
  };
}
