import { beforeAll, describe, expect, it } from 'vitest';
import { principal } from '../../local/emulator/iam/account';
import type { ApiRequest } from '../../local/emulator/iam/requests';
import { ACCOUNT, at, type EvaluationWorld, evaluationWorld, ROTATION_FUNCTION } from './policy-evaluation';

/**
 * The functions' own roles, evaluated as AWS evaluates them on the ARNs AWS gives the resources (a secret's ARN
 * ends in `-` and six random characters). The first real-AWS defect was here: the intake's RotateSecret and every
 * UpdateSecretVersionStage were granted on `${secret.secretArn}-??????`, which matches nothing, since the
 * `Ref` of a secret made in the stack is already its full ARN.
 */
let world: EvaluationWorld;

beforeAll(() => {
  world = evaluationWorld();
});

const SUPPORT = 'rekey/agents/support/internal';
const RESEARCH = 'rekey/agents/research/internal';
const role = (name: string) => {
  const found = world.roles[name];
  if (!found) throw new Error(`no role ${name}: ${Object.keys(world.roles).join(', ')}`);
  return found;
};
const stage = (secretId: string): ApiRequest => ({
  service: 'secretsmanager',
  operation: 'UpdateSecretVersionStage',
  params: { SecretId: secretId, VersionStage: 'AWSCURRENT', MoveToVersionId: 'v2', RemoveFromVersionId: 'v1' },
});

describe("the functions' roles on AWS-form secret ARNs", () => {
  it('lets the intake start an emergency rotation of a managed key, invoking the rotation function', async () => {
    const rotate: ApiRequest = {
      service: 'secretsmanager',
      operation: 'RotateSecret',
      params: { SecretId: SUPPORT, RotateImmediately: true },
    };
    const invoke = { action: 'lambda:InvokeFunction', resource: ROTATION_FUNCTION, context: {} };

    expect(await world.allowed(role('IntakeHandler'), rotate, [invoke])).toBe(true);
  });

  it('lets the intake and the revocation function move stages on each managed key', async () => {
    for (const fn of ['IntakeHandler', 'RevocationHandler']) {
      for (const secret of [SUPPORT, RESEARCH]) expect(await world.allowed(role(fn), stage(secret))).toBe(true);
    }
  });

  it('refuses them a secret rekey does not manage', async () => {
    const other = `arn:aws:secretsmanager:${at}:secret:payroll/db-Zz9Yy8`;

    expect(await world.allowed(role('IntakeHandler'), stage(other))).toBe(false);
    expect(await world.allowed(role('RevocationHandler'), stage(other))).toBe(false);
  });

  it('would have refused the old grant: a -?????? pattern on a full secret ARN matches nothing', async () => {
    const full = await world.directory.secretArn(SUPPORT);
    const old = principal('old-intake', 'old-intake', ACCOUNT, [
      {
        name: 'old',
        policy: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'secretsmanager:RotateSecret', Resource: `${full}-??????` }],
        },
      },
    ]);
    const rotate: ApiRequest = { service: 'secretsmanager', operation: 'RotateSecret', params: { SecretId: SUPPORT } };

    expect(full).toMatch(/-[A-Za-z0-9]{6}$/);
    expect(await world.allowed(old, rotate)).toBe(false);
  });
});
