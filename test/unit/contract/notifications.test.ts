import { beforeAll, describe, expect, it } from 'vitest';
import { NOTIFICATION_ATTRIBUTES } from '../../../packages/client/src/notification';
import { fullTemplate } from './support';

/**
 * The notification attributes both layers name: the publishers (lambdas/common/notify.ts and the revocation state
 * machine's PublishRevoked) set them, each fleet's subscription (lib/fleet-notifications.ts) filters on `fleets`.
 */
// One synthesis for the file; a busy machine can take a minute.
beforeAll(() => void fullTemplate(), 180_000);

describe('the fleet notification attributes', () => {
  it('are what every fleet subscription filters on: the fleets attribute, one fleet each', () => {
    const subscriptions = Object.values(fullTemplate().findResources('AWS::SNS::Subscription')).map(
      (s) => (s as { Properties: { FilterPolicy?: Record<string, unknown> } }).Properties.FilterPolicy,
    );

    expect(subscriptions.length).toBeGreaterThan(0);
    for (const policy of subscriptions) {
      expect(Object.keys(policy ?? {})).toEqual([NOTIFICATION_ATTRIBUTES.fleets]);
      expect(policy?.[NOTIFICATION_ATTRIBUTES.fleets]).toHaveLength(1);
    }
  });

  it('are exactly what the revocation state machine publishes revoked with', () => {
    const [machine] = Object.values(fullTemplate().findResources('AWS::StepFunctions::StateMachine'));
    const parts = (machine as { Properties: { DefinitionString: { 'Fn::Join': [string, unknown[]] } } }).Properties
      .DefinitionString['Fn::Join'][1];
    const text = parts.map((p) => (typeof p === 'string' ? p : 'X')).join('');
    const definition = JSON.parse(text) as {
      States: Record<string, { Parameters?: { MessageAttributes?: Record<string, unknown> } }>;
    };

    const attributes = definition.States.PublishRevoked?.Parameters?.MessageAttributes ?? {};
    expect(Object.keys(attributes).sort()).toEqual(Object.values(NOTIFICATION_ATTRIBUTES).sort());
  });
});
