/** Namespace of rekey's own metrics: the functions' EMF (Powertools Metrics) and the log metric filters. */
export const METRICS_NAMESPACE = 'Rekey';

/** The Powertools `service` dimension the revocation function's EMF metrics carry (its POWERTOOLS_SERVICE_NAME). */
export const REVOCATION_SERVICE = 'rekey-revocation';

/** The revocation function's EMF metrics, which the dashboard graphs. */
export const REVOCATION_METRICS = {
  timeToRevokeSeconds: 'TimeToRevokeSeconds',
  keysRevoked: 'KeysRevoked',
  fleetAcknowledgements: 'FleetAcknowledgements',
  agentsNotMoved: 'AgentsNotMoved',
} as const;
