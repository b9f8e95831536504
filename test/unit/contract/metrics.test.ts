import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { METRICS_NAMESPACE, REVOCATION_METRICS, REVOCATION_SERVICE } from '../../../contract';
import { resetAwsClients } from '../../../lambdas/common/clients';
import { handler } from '../../../lambdas/revocation/index';
import { INVENTORY_TABLE } from '../../support/fakes/inventory';
import { captureOutput } from '../intake/support';
import { input, mockedAws, OLD } from '../revocation/support';
import { fullTemplate, functionsByHandler } from './support';

interface Emf {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
  service?: string;
}

const template = fullTemplate();
const revocationEnv = functionsByHandler(template).get('revocation')?.env ?? {};
const aws = mockedAws();

beforeAll(() => {
  // The revocation function's environment as the template sets it; the table is the fake one.
  for (const [name, value] of Object.entries(revocationEnv)) {
    process.env[name] = typeof value === 'string' ? value : `placeholder-${name}`;
  }
  process.env.REKEY_INVENTORY_TABLE = INVENTORY_TABLE;
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  resetAwsClients();
});
afterAll(() => {
  for (const name of Object.keys(revocationEnv)) delete process.env[name];
  delete process.env.POWERTOOLS_METRICS_DISABLED;
  resetAwsClients();
});
beforeEach(() => aws.reset());

/** The metrics the dashboard graphs: namespace, name and `service` dimension of each. */
function metricsRead(): { namespace: string; metricName: string; service?: string }[] {
  const body = Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0]?.Properties.DashboardBody;
  // The body is a Fn::Join whose tokens (region, ARNs) sit inside JSON strings: a placeholder keeps it JSON.
  const parts = (body?.['Fn::Join']?.[1] ?? [body]) as unknown[];
  const dashboard = JSON.parse(parts.map((p) => (typeof p === 'string' ? p : 'TOKEN')).join('')) as {
    widgets: { properties?: { metrics?: unknown[][] } }[];
  };
  // Each graphed metric is [namespace, name, (dimension, value)..., options?].
  return dashboard.widgets.flatMap((w) =>
    (w.properties?.metrics ?? []).map((m) => {
      const [namespace, metricName, ...rest] = m.filter((x): x is string => typeof x === 'string');
      const service = rest[rest.indexOf('service') + 1];
      return {
        namespace: String(namespace),
        metricName: String(metricName),
        ...(rest.includes('service') ? { service } : {}),
      };
    }),
  );
}

describe("the metrics between the revocation function and the monitoring's dashboard", () => {
  it("sets the revocation function's Powertools service to the dimension the dashboard reads", () => {
    expect(revocationEnv.POWERTOOLS_SERVICE_NAME).toBe(REVOCATION_SERVICE);
  });

  it('graphs revocation metrics in the contract namespace, by the contract service, with the contract names', () => {
    const revocation = metricsRead().filter((m) => m.service !== undefined);

    expect(revocation.length).toBeGreaterThan(0);
    expect(revocation.filter((m) => m.namespace !== METRICS_NAMESPACE || m.service !== REVOCATION_SERVICE)).toEqual([]);
    const names = new Set<string>(Object.values(REVOCATION_METRICS));
    expect(revocation.filter((m) => !names.has(m.metricName))).toEqual([]);
  });

  it('counts unmatched exposures in the contract namespace', () => {
    const filters = Object.values(template.findResources('AWS::Logs::MetricFilter'));

    expect(filters.map((f) => f.Properties.MetricTransformations[0].MetricNamespace)).toEqual([METRICS_NAMESPACE]);
  });

  it('has the revocation handler emit what the dashboard graphs: namespace, service dimension and names', async () => {
    aws.state.items.set(OLD, { status: 'deactivated', keyId: 'key-old', exposedAt: '2026-11-25T11:55:00.000Z' });

    const { output } = await captureOutput(() =>
      handler({ action: 'record', input: input('abuse'), revokedAt: '2026-11-25T11:58:00.000Z' }),
    );

    const emf = output
      .split('\n')
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as Emf);
    expect(emf).toHaveLength(1);
    const [directive] = emf[0]?._aws.CloudWatchMetrics ?? [];
    expect(directive?.Namespace).toBe(METRICS_NAMESPACE);
    expect(directive?.Dimensions).toEqual([['service']]);
    expect(emf[0]?.service).toBe(REVOCATION_SERVICE);
    expect(directive?.Metrics.map((m) => m.Name).sort()).toEqual(
      [REVOCATION_METRICS.keysRevoked, REVOCATION_METRICS.timeToRevokeSeconds].sort(),
    );
    const graphed = metricsRead().filter((m) => m.service === REVOCATION_SERVICE);
    expect(graphed.map((m) => m.metricName)).toContain(REVOCATION_METRICS.timeToRevokeSeconds);
  });
});
