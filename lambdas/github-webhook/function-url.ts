import * as z from '../common/zod';

// The Powertools parser's `LambdaFunctionUrlSchema` (@aws-lambda-powertools/parser/schemas/lambda, which is its
// `APIGatewayProxyEventV2Schema`), field for field in zod/mini: the Powertools schema is built with zod classic and
// would bring all of it into the bundle. test/unit/github-webhook/function-url.test.ts holds the two to the same
// results.

const StringArray = z.array(z.string());
const StringRecord = z.record(z.string(), z.string());

const ClientCertSchema = z.object({
  clientCertPem: z.string(),
  subjectDN: z.string(),
  issuerDN: z.string(),
  serialNumber: z.string(),
  validity: z.object({ notBefore: z.string(), notAfter: z.string() }),
});

const AuthorizerSchema = z.object({
  jwt: z.optional(
    z.object({
      claims: z.record(z.string(), z.any()),
      scopes: z.nullable(StringArray),
    }),
  ),
  iam: z.optional(
    z.object({
      accessKey: z.optional(z.string()),
      accountId: z.optional(z.string()),
      callerId: z.optional(z.string()),
      principalOrgId: z.nullish(z.string()),
      userArn: z.optional(z.string()),
      userId: z.optional(z.string()),
      cognitoIdentity: z.nullish(
        z.object({
          amr: StringArray,
          identityId: z.string(),
          identityPoolId: z.string(),
        }),
      ),
    }),
  ),
  lambda: z.nullish(z.record(z.string(), z.any())),
});

const RequestContextSchema = z.object({
  accountId: z.string(),
  apiId: z.string(),
  authorizer: z.optional(AuthorizerSchema),
  authentication: z.nullish(z.object({ clientCert: z.optional(ClientCertSchema) })),
  domainName: z.string(),
  domainPrefix: z.string(),
  http: z.object({
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']),
    path: z.string(),
    protocol: z.string(),
    sourceIp: z.union([z.ipv4(), z.ipv6()]),
    userAgent: z.string(),
  }),
  requestId: z.string(),
  routeKey: z.string(),
  stage: z.string(),
  time: z.string(),
  timeEpoch: z.number(),
});

/** A Lambda function URL request (payload format 2.0). */
export const FunctionUrlRequestSchema = z.object({
  version: z.string(),
  routeKey: z.string(),
  rawPath: z.string(),
  rawQueryString: z.string(),
  cookies: z.optional(StringArray),
  headers: StringRecord,
  queryStringParameters: z.optional(StringRecord),
  requestContext: RequestContextSchema,
  body: z.optional(z.string()),
  pathParameters: z.nullish(StringRecord),
  isBase64Encoded: z.boolean(),
  stageVariables: z.nullish(StringRecord),
});
