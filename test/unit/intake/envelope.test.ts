import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as mini from '../../../lambdas/common/zod';
import { envelope } from '../../../lambdas/intake/sources/types';
import { outcomeOf, variantsOf } from '../../support/variants';
import { fixture } from './support';

describe('the EventBridge envelope', () => {
  it('accepts, refuses and strips exactly as the Powertools parser EventBridgeSchema does', () => {
    // Arrange
    const event = { ...fixture<Record<string, unknown>>('guardduty-access-key.json'), 'replay-name': 'replay' };
    const inputs = [...variantsOf(event)];
    const ours = envelope(mini.unknown());
    const powertools = EventBridgeSchema.extend({ detail: z.unknown() });

    // Act
    const got = inputs.map((input) => outcomeOf(ours.safeParse(input)));
    const want = inputs.map((input) => outcomeOf(powertools.safeParse(input)));

    // Assert
    expect(inputs.length).toBeGreaterThan(500);
    expect(got).toEqual(want);
  });
});
