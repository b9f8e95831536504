import type { Metrics } from '@aws-lambda-powertools/metrics';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GITHUB_METRICS } from '../../contract/github';
import { logger } from '../common/logger';
import type { DeliveryLog } from '../github-webhook/deliveries';
import { identityOf } from '../github-webhook/github-api';
import { publish, toFinding } from '../github-webhook/webhook';
import { type BackstopScope, type ListedAlert, type ListOptions, listOpenAlerts } from './alerts';
import { BackstopRunError } from './errors';

export interface BackstopDeps {
  /** The webhook's token (`secret_scanning_alerts: read`): the backstop needs no other. */
  readonly githubToken: () => Promise<string>;
  /** The webhook's records: an alert it (or an earlier backstop run) put on the bus has an `ALERT` record. */
  readonly deliveries: Pick<DeliveryLog, 'hasAlert' | 'recordAlert'>;
  readonly events: EventBridgeClient;
  readonly eventBusName: string;
  readonly scope: BackstopScope;
  readonly apiBaseUrl: string;
  readonly fetch?: typeof fetch;
  /** @default 20 */
  readonly maxPages?: number;
  readonly metrics?: Pick<Metrics, 'addMetric'>;
}

export interface BackstopResult {
  /** Open alerts listed, over every scope. */
  readonly open: number;
  /** Findings put on the bus for alerts the webhook had not recorded (`owner/repo#number`). */
  readonly recovered: readonly string[];
  /** Scopes that could not be checked, with why. */
  readonly failures: readonly string[];
}

/**
 * One backstop run: list each scope's open secret scanning alerts, and put on the bus, as the webhook would have, every
 * alert that has no record (its delivery was lost: a 502, a timeout, an outage GitHub did not redeliver after). Each
 * alert's secret is hashed and dropped as it is read. A scope that fails does not stop the others; the run then
 * throws BackstopRunError, so the function's error alarm fires.
 */
export async function runBackstop(deps: BackstopDeps): Promise<BackstopResult> {
  const token = await deps.githubToken();
  const options: ListOptions = {
    baseUrl: deps.apiBaseUrl,
    token,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.maxPages ? { maxPages: deps.maxPages } : {}),
  };
  const scopes = [...deps.scope.orgs.map((org) => ({ org })), ...deps.scope.repos.map((repo) => ({ repo }))];
  const failures: string[] = [];
  const recovered: string[] = [];
  let open = 0;
  for (const scope of scopes) {
    let alerts: ListedAlert[];
    try {
      alerts = await listOpenAlerts(scope, options);
    } catch (err) {
      failures.push((err as Error).message);
      continue;
    }
    // Every secret of the page is held by the redactor before anything else happens to any of them.
    const identities = alerts.map((alert) => ({ alert, identity: identityOf(alert) }));
    open += alerts.length;
    for (const { alert, identity } of identities) {
      const findingId = `${alert.repositoryFullName}#${alert.number}`;
      try {
        if (await deps.deliveries.hasAlert(alert.repositoryFullName, alert.number)) continue;
        await publish(toFinding(findingId, identity, alert.html_url), deps);
        await deps.deliveries.recordAlert(
          {
            repositoryFullName: alert.repositoryFullName,
            number: alert.number,
            ...(identity.createdAt ? { createdAt: identity.createdAt } : {}),
          },
          'backstop',
        );
        recovered.push(findingId);
        deps.metrics?.addMetric(GITHUB_METRICS.alertsRecovered, MetricUnit.Count, 1);
        logger.warn('open secret scanning alert had no webhook record: published as a finding', { findingId });
      } catch (err) {
        failures.push(`${findingId}: ${(err as Error).name}: ${(err as Error).message}`);
      }
    }
  }
  logger.info('backstop run', { scopes: scopes.length, open, recovered: recovered.length, failed: failures.length });
  if (failures.length > 0) throw new BackstopRunError(failures);
  return { open, recovered, failures };
}
