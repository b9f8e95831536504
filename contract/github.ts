import { ENV } from './env';

/**
 * Names the GitHub webhook, its backstop and their constructs share: the metrics their alarms watch, the records
 * both keep in the inventory table, and the backstop's settings. (Re-export from contract/index.ts.)
 */

/** The webhook's Powertools `service` dimension (its POWERTOOLS_SERVICE_NAME, set by RekeyFunction). */
export const GITHUB_WEBHOOK_SERVICE = 'rekey-github-webhook';

/** The backstop's Powertools `service` dimension. */
export const GITHUB_BACKSTOP_SERVICE = 'rekey-github-backstop';

/** EMF metrics in METRICS_NAMESPACE, each with the `service` dimension of the function that emits it. */
export const GITHUB_METRICS = {
  /** A verified delivery the webhook answered 502 (GitHub's API or PutEvents failed): the alarm's metric. */
  deliveriesFailed: 'GitHubDeliveriesFailed',
  /** An open alert the webhook had not recorded, put on the bus by the backstop. */
  alertsRecovered: 'GitHubAlertsRecovered',
} as const;

/**
 * Key prefixes in the inventory table. Every item the webhook and the backstop touch starts with `DELIVERY#`
 * (their IAM grants are conditioned on it): a delivery id, a verified body's hash, an alert published as a finding.
 */
export const GITHUB_RECORDS = {
  delivery: 'DELIVERY#',
  body: 'DELIVERY#BODY#',
  alert: 'DELIVERY#ALERT#',
} as const;

/** The backstop's environment: JSON `{ "orgs": [...], "repos": ["owner/name", ...] }`. */
export const GITHUB_BACKSTOP_SCOPE_ENV = ENV.githubBackstopScope;
