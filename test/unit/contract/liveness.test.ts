import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { ACK_ATTRIBUTES, LIVENESS, livenessPartitionKey } from '../../../contract';
import { LIVENESS_ATTRIBUTES } from '../../../lib/fleet-notifications';
import { expressionAttributes } from '../../../local/emulator/iam/requests';
import { dynamoDbAcknowledger } from '../../../packages/client/src/ack';
import { dynamoDbLiveness, LIVENESS_RECORD } from '../../../packages/client/src/liveness';

/** The UpdateItem a client writer sends, as it sends it. */
async function sent(write: (client: DynamoDBClient) => Promise<void>): Promise<Record<string, unknown>> {
  let params: Record<string, unknown> = {};
  const client = {
    send: async (command: { input: Record<string, unknown> }) => {
      params = command.input;
    },
  };
  await write(client as unknown as DynamoDBClient);
  return params;
}

/** Every attribute an UpdateItem names: its key's and its update expression's. */
const named = (params: Record<string, unknown>) => [
  ...Object.keys(params.Key as object),
  ...expressionAttributes(String(params.UpdateExpression)),
];

describe('the liveness names between the client, the agent policy and the revocation', () => {
  it("keeps the client's copy of the liveness names equal to the contract's", () => {
    expect(LIVENESS_RECORD).toEqual(LIVENESS);
  });

  it('has the client write exactly the liveness attributes the agent policy allows, under the LIVE# key', async () => {
    const params = await sent((client) =>
      dynamoDbLiveness({ client, tableName: 't' })({
        secretName: 'rekey/a',
        agentId: 'pod-a',
        versionId: 'v1',
        renewedAt: '2026-12-01T00:00:00.000Z',
        expiresAt: 1,
      }),
    );

    expect(named(params).sort()).toEqual([...LIVENESS_ATTRIBUTES].sort());
    expect((params.Key as { pk: { S: string } }).pk.S).toBe(livenessPartitionKey('rekey/a'));
  });

  it('has a liveness-keeping ack write exactly the ack attributes the agent policy allows', async () => {
    const params = await sent((client) =>
      dynamoDbAcknowledger({ client, tableName: 't' })({
        secretName: 'rekey/a',
        versionId: 'v1',
        agentId: 'pod-a',
        at: '2026-12-01T00:00:00.000Z',
        liveness: true,
      }),
    );

    expect(named(params).sort()).toEqual([...ACK_ATTRIBUTES].sort());
  });

  it('shares no attribute but the key between acks and liveness records', () => {
    expect(ACK_ATTRIBUTES.filter((a) => (LIVENESS.attributes as readonly string[]).includes(a))).toEqual(['pk', 'sk']);
  });
});
