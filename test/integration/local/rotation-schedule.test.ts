import { DescribeSecretCommand, ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployLocally, type LocalDeployment } from '../../../local/emulator/deploy';
import { declaredRotationRules } from '../../../local/emulator/fidelity/rotation-rules';
import { secretsManagerFidelity } from '../../../local/emulator/fidelity/secrets-manager';
import { type Gateway, startGateway } from '../../../local/emulator/gateway';
import { type Moto, startMoto } from '../../support/moto';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Each secret gets the rotation schedule its RotationSchedule declares, not one schedule for all. */
describe('the local deployment of rotation schedules', () => {
  let moto: Moto;
  let gateway: Gateway;
  let deployment: LocalDeployment;

  beforeAll(async () => {
    moto = await startMoto();
    deployment = await deployLocally({
      endpoint: moto.endpoint,
      config: {
        keys: [
          { name: 'agents/weekly', provider: 'generated', schedule: 'rate(7 days)', fleets: ['a'] },
          { name: 'agents/four-hourly', provider: 'generated', schedule: 'rate(4 hours)', fleets: ['a'] },
        ],
        fleets: [{ name: 'a' }],
      },
    });
    gateway = await startGateway({
      upstream: moto.endpoint,
      operations: secretsManagerFidelity(moto.endpoint, deployment.region, { template: deployment.template }),
    });
  }, 60_000);
  afterAll(async () => {
    await gateway?.close();
    await moto?.stop();
  });

  /** The RotationRules the template declares for a key's secret. */
  function declared(key: string) {
    const name = deployment.secrets[key]?.name;
    const [id] =
      Object.entries(deployment.template.Resources).find(
        ([, r]) => r.Type === 'AWS::SecretsManager::Secret' && r.Properties?.Name === name,
      ) ?? [];
    return declaredRotationRules(deployment.template, id ?? '');
  }

  it('declares two different schedules in the template', () => {
    expect(declared('agents/weekly')).toEqual({ ScheduleExpression: 'rate(7 days)' });
    expect(declared('agents/four-hourly')).toEqual({ ScheduleExpression: 'rate(4 hours)' });
  });

  it("answers DescribeSecret and ListSecrets with each secret's declared RotationRules through the local endpoint", async () => {
    const sm = new SecretsManagerClient({ endpoint: gateway.endpoint, region: deployment.region, credentials });
    for (const [key, days] of [
      ['agents/weekly', { AutomaticallyAfterDays: 7 }],
      ['agents/four-hourly', {}],
    ] as const) {
      const described = await sm.send(new DescribeSecretCommand({ SecretId: deployment.secrets[key]?.name }));
      expect(described.RotationEnabled).toBe(true);
      expect(described.RotationRules).toEqual({ ...declared(key), ...days });
    }
    const listed = await sm.send(new ListSecretsCommand({}));
    expect(Object.fromEntries((listed.SecretList ?? []).map((s) => [s.Name, s.RotationRules]))).toEqual({
      [deployment.secrets['agents/weekly']?.name ?? '']: {
        ScheduleExpression: 'rate(7 days)',
        AutomaticallyAfterDays: 7,
      },
      [deployment.secrets['agents/four-hourly']?.name ?? '']: { ScheduleExpression: 'rate(4 hours)' },
    });
  });

  it('leaves moto what it can hold: the period in days, rotation enabled', async () => {
    const sm = new SecretsManagerClient({ endpoint: moto.endpoint, region: deployment.region, credentials });
    const weekly = await sm.send(new DescribeSecretCommand({ SecretId: deployment.secrets['agents/weekly']?.name }));
    const fourHourly = await sm.send(
      new DescribeSecretCommand({ SecretId: deployment.secrets['agents/four-hourly']?.name }),
    );
    // moto 5.2.1 keeps only AutomaticallyAfterDays; 4 hours has no exact day count, so moto holds 1 (rotation on).
    expect([weekly.RotationEnabled, weekly.RotationRules]).toEqual([true, { AutomaticallyAfterDays: 7 }]);
    expect([fourHourly.RotationEnabled, fourHourly.RotationRules]).toEqual([true, { AutomaticallyAfterDays: 1 }]);
  });
});
