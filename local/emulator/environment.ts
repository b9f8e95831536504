import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { resetAwsClients } from '../../lambdas/common/clients';
import type { RekeyConfig, RekeyConfigInput } from '../../lib/config';
import { type DeployLocallyOptions, deployLocally, type LocalDeployment } from './deploy';
import { type ExecutionRunner, LocalExecutionService } from './execution-service';
import { secretsManagerFidelity } from './fidelity/secrets-manager';
import { type Gateway, startGateway } from './gateway';
import { ADMIN_CREDENTIALS, UNBOUND_ACCESS_KEY_ID } from './iam';
import { localGuard } from './iam/enforcing-gateway';
import { hasLocalHandler, localFunction } from './lambda/functions';
import { invokeFunction, type LocalFunction } from './lambda/invoke';
import { lambdaInvokeOperation } from './lambda/invoke-api';
import { type SqsPoller, startSqsEventSources } from './lambda/sqs-event-source';
import { type Moto, startMoto } from './moto';
import { ServiceQuotas, type ServiceQuotasOptions } from './quotas';
import {
  LocalRotationService,
  type RotationRetry,
  type RotationServiceOptions,
  reservedConcurrency,
  SECRETS_MANAGER_ROTATION_RETRY,
} from './rotation-service';

export type LocalEvent =
  | Parameters<NonNullable<RotationServiceOptions['onEvent']>>[0]
  | { type: 'execution-started' | 'execution-ended'; execution: import('./execution-service').LocalExecution };

export interface LocalEnvironmentOptions {
  readonly config: RekeyConfig | RekeyConfigInput;
  /**
   * Runs revocation executions (the synthesized state machine with the real task handlers). The second argument
   * holds the environment's quotas, for a runner that enforces Step Functions' state-transition quota
   * (`revocationRunner(deployment, { quotas })`).
   */
  readonly executionRunner: (deployment: LocalDeployment, context: { quotas: ServiceQuotas }) => ExecutionRunner;
  /** Told about rotations and executions as they happen. */
  readonly onEvent?: (event: LocalEvent) => void;
  /** Port for the gateway on 127.0.0.1. @default - a free port */
  readonly port?: number;
  readonly region?: DeployLocallyOptions['region'];
  /** AWS's per-second API quotas at the endpoint. @default - AWS's defaults, enforced */
  readonly quotas?: ServiceQuotasOptions;
  /**
   * Secrets Manager's retries of a failed rotation: the whole rotation again from createSecret, as AWS does
   * (local/emulator/rotation-service.ts says what AWS documents). `false` makes the first failure final.
   * @default SECRETS_MANAGER_ROTATION_RETRY (5 retries, no wait between them)
   */
  readonly rotationRetry?: RotationRetry | false;
}

export interface LocalEnvironment {
  /** The endpoint to point SDK clients, the CLI and the AWS CLI at. */
  readonly endpoint: string;
  readonly moto: Moto;
  readonly gateway: Gateway;
  readonly deployment: LocalDeployment;
  readonly rotations: LocalRotationService;
  readonly executions: LocalExecutionService;
  /** The service quotas the endpoint enforces, with the peak rate each saw. */
  readonly quotas: ServiceQuotas;
  /** Counts of API calls through the gateway by operation (`secretsmanager.GetSecretValue`, …). */
  readonly apiCalls: Map<string, number>;
  /** The same counts per caller: access key id (empty for unsigned calls) → operation → calls. */
  readonly apiCallsByCaller: Map<string, Map<string, number>>;
  /** A Secrets Manager client for the local endpoint. */
  readonly secretsManager: SecretsManagerClient;
  /** A Secrets Manager client straight to the emulator: for looking, without counting as an API call. */
  readonly secretsManagerDirect: SecretsManagerClient;
  /** Client settings for the account's administrator through the local endpoint (setup, and tests looking). */
  readonly adminClientConfig: {
    readonly endpoint: string;
    readonly region: string;
    readonly credentials: typeof ADMIN_CREDENTIALS;
  };
  /** The deployed functions by handler folder (rotation, intake, revocation, github-webhook). */
  readonly functions: Readonly<Record<string, LocalFunction>>;
  /** Pollers of the template's SQS event source mappings (the intake's work queue). */
  readonly eventSources: readonly SqsPoller[];
  /** Invokes a deployed function as Lambda would (its container, its role, its timeout). */
  invoke(id: string, event: unknown): Promise<unknown>;
  /** Credentials of a fleet's agents, under the agent policy the stack emits for that fleet. */
  agentCredentials(fleet: string): { accessKeyId: string; secretAccessKey: string };
  /** Credentials of the on-call operator, under the operator policy the stack emits. */
  readonly operatorCredentials: { accessKeyId: string; secretAccessKey: string };
  /** Waits until no rotation or execution is running. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** The service moto serves in a process of its own: no other moto backend reads its state. */
const SEPARATE_SERVICE = 'dynamodb';

/**
 * rekey on this machine: moto on loopback, the synthesized stack's resources made in it, and a gateway that
 * answers what moto cannot do like AWS (RotateSecret calls the real rotation handler; the revocation workflow
 * runs the synthesized definition with the real task handlers). The handlers run in this process with their
 * deployed environment, their AWS clients pointed at the gateway.
 */
export async function startLocalEnvironment(options: LocalEnvironmentOptions): Promise<LocalEnvironment> {
  // DynamoDB (the inventory, the rate limits, the idempotency records: over 40 % of the calls) in a moto process of
  // its own, so the emulator uses the machine's second CPU (docs/local-stack.md).
  const moto = await startMoto({ ownProcess: [SEPARATE_SERVICE] });
  try {
    const deployment = await deployLocally({
      endpoint: moto.endpoint,
      dynamodbEndpoint: moto.endpointFor(SEPARATE_SERVICE),
      config: options.config,
      region: options.region,
    });
    const apiCalls = new Map<string, number>();
    const apiCallsByCaller = new Map<string, Map<string, number>>();
    const quotas = new ServiceQuotas(options.quotas);
    const credentials = ADMIN_CREDENTIALS;
    const functions = Object.fromEntries(
      Object.keys(deployment.functions)
        .filter(hasLocalHandler)
        .map((id) => [id, localFunction(deployment, id)]),
    );
    const invoke = (id: string, event: unknown) => {
      const fn = functions[id];
      if (!fn) throw new Error(`the deployment has no function ${id}`);
      return invokeFunction(fn, event);
    };
    const rotations = new LocalRotationService({
      sm: new SecretsManagerClient({ endpoint: moto.endpoint, region: deployment.region, credentials }),
      // Secrets Manager may invoke the function only as its resource policy (the Lambda permission) allows, for
      // this secret and account (aws:SourceArn, aws:SourceAccount).
      invokeRotation: async (event) => {
        const fn = functions.rotation;
        if (!fn) throw new Error('the deployment has no function rotation');
        const may = await deployment.iam.authorizer.serviceMay('secretsmanager.amazonaws.com', {
          action: 'lambda:InvokeFunction',
          resource: fn.arn,
          context: {},
          sourceArn: event.SecretId,
        });
        if (!may.allowed) throw may.error;
        return invoke('rotation', event);
      },
      // Lambda runs at most the rotation function's reserved concurrency at once; so does the local one.
      maxConcurrentRotations: reservedConcurrency(deployment.template, deployment.functions.rotation),
      // Secrets Manager retries a failed rotation; so does the local one, in every deployment.
      retry: options.rotationRetry ?? SECRETS_MANAGER_ROTATION_RETRY,
      onEvent: options.onEvent,
    });
    const executions = new LocalExecutionService({
      stateMachineArn: deployment.stateMachineArn,
      run: options.executionRunner(deployment, { quotas }),
      onEvent: options.onEvent,
    });
    const gateway = await startGateway({
      upstream: moto.endpoint,
      upstreams: { [SEPARATE_SERVICE]: moto.endpointFor(SEPARATE_SERVICE) },
      port: options.port,
      operations: {
        // Where moto answers differently from AWS, the gateway answers as AWS does (local/emulator/fidelity/).
        ...secretsManagerFidelity(moto.endpoint, deployment.region, { template: deployment.template }),
        'secretsmanager.RotateSecret': rotations.rotateSecret,
        'secretsmanager.CancelRotateSecret': rotations.cancelRotateSecret,
        ...executions.operations,
        // `aws lambda invoke` and the SDK's InvokeCommand, as the caller's IAM allows (the backstop on demand).
        'lambda.Invoke': lambdaInvokeOperation(functions),
      },
      onRequest: (target, accessKeyId) => {
        apiCalls.set(target, (apiCalls.get(target) ?? 0) + 1);
        const caller = apiCallsByCaller.get(accessKeyId) ?? new Map<string, number>();
        apiCallsByCaller.set(accessKeyId, caller.set(target, (caller.get(target) ?? 0) + 1));
      },
      guard: localGuard(deployment, quotas),
    });
    applyHandlerEnvironment(deployment, gateway.endpoint);
    // Lambda's SQS event source mappings (the intake's work queue), polled as Lambda polls them.
    const eventSources = await startSqsEventSources(deployment, functions, {
      endpoint: gateway.endpoint,
      directEndpoint: moto.endpoint,
    });
    const env: LocalEnvironment = {
      endpoint: gateway.endpoint,
      moto,
      gateway,
      deployment,
      rotations,
      executions,
      quotas,
      apiCalls,
      apiCallsByCaller,
      secretsManager: new SecretsManagerClient({ endpoint: gateway.endpoint, region: deployment.region, credentials }),
      secretsManagerDirect: new SecretsManagerClient({
        endpoint: moto.endpoint,
        region: deployment.region,
        credentials,
      }),
      adminClientConfig: { endpoint: gateway.endpoint, region: deployment.region, credentials: ADMIN_CREDENTIALS },
      functions,
      eventSources,
      invoke,
      agentCredentials: (fleet) => ({ ...deployment.iam.agent(fleet).credentials }),
      operatorCredentials: { ...deployment.iam.operator.credentials },
      async idle() {
        for (;;) {
          await Promise.all(eventSources.map((p) => p.idle()));
          await rotations.idle();
          await executions.idle();
          if ([...executions.executions.values()].every((e) => e.status !== 'RUNNING')) return;
        }
      },
      async stop() {
        await Promise.all(eventSources.map((p) => p.stop()));
        await deployment.iam.flushUsage();
        await gateway.close();
        await moto.stop();
      },
    };
    return env;
  } catch (err) {
    await moto.stop();
    throw err;
  }
}

/**
 * Gives this process the environment the deployed functions have (their REKEY_* variables), with every AWS
 * client pointed at the local endpoint, as Lambda would for a function in that account.
 */
export function applyHandlerEnvironment(deployment: LocalDeployment, endpoint: string): void {
  for (const vars of Object.values(deployment.env)) {
    for (const [name, value] of Object.entries(vars)) {
      // Resource URLs (a queue's) name the emulator's port; the function reaches them through the local endpoint,
      // as every other call, so IAM and the quotas apply (the SDK would otherwise go straight to moto).
      if (name.startsWith('REKEY_')) process.env[name] = value.split(deployment.endpoint).join(endpoint);
    }
  }
  process.env.AWS_ENDPOINT_URL = endpoint;
  process.env.AWS_REGION = deployment.region;
  // Handlers sign with their function's role (local/emulator/lambda/invoke.ts); a call made outside any function's
  // container signs with a key no principal has, and the gateway refuses it.
  process.env.AWS_ACCESS_KEY_ID = UNBOUND_ACCESS_KEY_ID;
  process.env.AWS_SECRET_ACCESS_KEY = 'unbound';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  resetAwsClients();
}
