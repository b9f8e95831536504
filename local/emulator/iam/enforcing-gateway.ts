import type { LocalDeployment } from '../deploy';
import { type Gateway, type GatewayGuard, type LocalOperation, startGateway } from '../gateway';
import { ServiceQuotas, type ServiceQuotasOptions } from '../quotas';
import { ADMIN_CREDENTIALS } from './index';

export interface EnforcingGatewayOptions {
  readonly deployment: LocalDeployment;
  /** Operations answered locally (RotateSecret, executions, fidelity fixes). */
  readonly operations?: Readonly<Record<string, LocalOperation>>;
  readonly port?: number;
  readonly onRequest?: (target: string, accessKeyId: string) => void;
  /** Service quotas. @default - AWS's defaults, enforced */
  readonly quotas?: ServiceQuotas | ServiceQuotasOptions;
}

export interface EnforcingGateway extends Gateway {
  readonly quotas: ServiceQuotas;
  /** SDK client settings that sign as a deployed function's role (by handler folder: rotation, intake, …). */
  clientConfigFor(functionId: string): { endpoint: string; region: string; credentials: ClientCredentials };
  /** SDK client settings for the account's administrator (setup, and tests looking at state). */
  readonly adminClientConfig: { endpoint: string; region: string; credentials: ClientCredentials };
}

type ClientCredentials = { readonly accessKeyId: string; readonly secretAccessKey: string };

/** The guard every local endpoint runs: IAM first (AWS authorizes before it counts), then the quotas. */
export function localGuard(deployment: LocalDeployment, quotas: ServiceQuotas): GatewayGuard {
  return async (request) => {
    await deployment.iam.guard(request);
    await quotas.guard(request);
  };
}

/**
 * The local AWS endpoint in front of a deployment's emulator with AWS's rules on: IAM for every signed call and the
 * service quotas. For harnesses that call handlers' dependencies directly: give those dependencies
 * `clientConfigFor(fn)` so each call is evaluated against that function's synthesized role.
 */
export async function startEnforcingGateway(options: EnforcingGatewayOptions): Promise<EnforcingGateway> {
  const { deployment } = options;
  const quotas = options.quotas instanceof ServiceQuotas ? options.quotas : new ServiceQuotas(options.quotas);
  const gateway = await startGateway({
    upstream: deployment.endpoint,
    operations: options.operations ?? {},
    port: options.port,
    onRequest: options.onRequest,
    guard: localGuard(deployment, quotas),
  });
  const region = deployment.region;
  return {
    ...gateway,
    async close() {
      await deployment.iam.flushUsage();
      await gateway.close();
    },
    quotas,
    clientConfigFor(functionId) {
      const logicalId = deployment.functions[functionId];
      if (!logicalId) throw new Error(`the deployment has no function ${functionId}`);
      return { endpoint: gateway.endpoint, region, credentials: deployment.iam.roleOfFunction(logicalId).credentials };
    },
    adminClientConfig: { endpoint: gateway.endpoint, region, credentials: ADMIN_CREDENTIALS },
  };
}
