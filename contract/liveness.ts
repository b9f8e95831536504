/**
 * Fleet liveness records in the key inventory, named once for the three layers that meet on them: the client
 * library writes them (packages/client/src/liveness.ts keeps its own copy, since the client imports nothing of the
 * rest, and test/unit/contract/liveness.test.ts ties the two), the agent policy allows exactly these writes
 * (lib/fleet-notifications.ts), and the revocation's fleet check reads them (lambdas/common/inventory.ts).
 *
 * One item per (secret, agent): pk `LIVE#<secretName>`, sk `AGENT#<agentId>`, the version the agent holds, when it
 * last renewed, and `expiresAt` (epoch seconds, the table's TTL attribute): the agent is live while it is in the future.
 */
export const LIVENESS = {
  partitionKeyPrefix: 'LIVE#',
  sortKeyPrefix: 'AGENT#',
  /** Every attribute a liveness write names: the agent policy's `dynamodb:Attributes` for `LIVE#` items. */
  attributes: ['pk', 'sk', 'agentId', 'versionId', 'renewedAt', 'expiresAt'],
  /**
   * The version item's string set of agents that acknowledged it and keep a liveness record: the fleet check judges
   * them by that record (an agent whose record expired never blocks), and every other acknowledger as before.
   */
  ackMarkerAttribute: 'livenessAgents',
} as const;

/** Every attribute an acknowledgement names (packages/client/src/ack.ts): the agent policy's `dynamodb:Attributes` for `SECRET#` items. */
export const ACK_ATTRIBUTES = ['pk', 'sk', 'ackAgents', 'lastAckAt', LIVENESS.ackMarkerAttribute] as const;

export const livenessPartitionKey = (secretName: string): string => `${LIVENESS.partitionKeyPrefix}${secretName}`;
export const livenessSortKey = (agentId: string): string => `${LIVENESS.sortKeyPrefix}${agentId}`;
