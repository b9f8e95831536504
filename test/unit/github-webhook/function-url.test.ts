import { LambdaFunctionUrlSchema } from '@aws-lambda-powertools/parser/schemas/lambda';
import { describe, expect, it } from 'vitest';
import { FunctionUrlRequestSchema } from '../../../lambdas/github-webhook/function-url';
import { outcomeOf, variantsOf } from '../../support/variants';
import { functionUrlEvent } from './support';

/** A request with every optional part the payload format has, so each is compared present, absent and wrong. */
function fullRequest(): Record<string, unknown> {
  const event = functionUrlEvent({ 'content-type': 'application/json', 'x-github-event': 'ping' }, '{}');
  const context = event.requestContext as Record<string, unknown>;
  return {
    ...event,
    cookies: ['a=b'],
    queryStringParameters: { a: 'b' },
    pathParameters: null,
    stageVariables: { stage: 'x' },
    requestContext: {
      ...context,
      authorizer: {
        jwt: { claims: { sub: 'x' }, scopes: ['s'] },
        iam: {
          accessKey: 'k',
          principalOrgId: null,
          cognitoIdentity: { amr: ['a'], identityId: 'i', identityPoolId: 'p' },
        },
        lambda: { any: 1 },
      },
      authentication: {
        clientCert: {
          clientCertPem: 'pem',
          subjectDN: 's',
          issuerDN: 'i',
          serialNumber: 'n',
          validity: { notBefore: 'a', notAfter: 'b' },
        },
      },
    },
  };
}

describe('the function URL request schema', () => {
  it('accepts, refuses and strips exactly as the Powertools parser LambdaFunctionUrlSchema does', () => {
    // Arrange
    const inputs = [...variantsOf(fullRequest())];

    // Act
    const ours = inputs.map((input) => outcomeOf(FunctionUrlRequestSchema.safeParse(input)));
    const powertools = inputs.map((input) => outcomeOf(LambdaFunctionUrlSchema.safeParse(input)));

    // Assert
    expect(inputs.length).toBeGreaterThan(1000);
    expect(ours).toEqual(powertools);
  });
});
