import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic, * as AnthropicSdk from '@anthropic-ai/sdk';
import {
  GetSecretValueCommand,
  SecretsManagerClient,
  SecretsManagerServiceException,
} from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import OpenAI, * as OpenAISdk from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInvalidKeyError } from '../../../packages/client/src/invalid-key';
import {
  ANTHROPIC_401,
  ANTHROPIC_403,
  ANTHROPIC_429,
  ANTHROPIC_529,
  FakeProvider,
  OPENAI_401,
  OPENAI_403,
  OPENAI_429,
} from './support/fake-provider';

const provider = new FakeProvider();

/** Answers every AWS call with the error in `next`: JSON protocol for Secrets Manager, XML for STS. */
let aws: Server;
let awsUrl = '';
let next: { status: number; code: string } = { status: 400, code: 'UnrecognizedClientException' };

beforeAll(async () => {
  await provider.start();
  aws = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.headers['content-type']?.includes('x-amz-json')) {
        res.writeHead(next.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'r1' });
        res.end(
          JSON.stringify({ __type: next.code, message: 'The security token included in the request is invalid.' }),
        );
      } else {
        res.writeHead(next.status, { 'content-type': 'text/xml', 'x-amzn-requestid': 'r1' });
        res.end(
          `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${next.code}</Code><Message>The security token included in the request is invalid.</Message></Error><RequestId>r1</RequestId></ErrorResponse>`,
        );
      }
    });
  });
  await new Promise<void>((resolve) => aws.listen(0, '127.0.0.1', resolve));
  awsUrl = `http://127.0.0.1:${(aws.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await provider.stop();
  await new Promise((resolve) => aws.close(resolve));
});

const awsConfig = () => ({
  endpoint: awsUrl,
  region: 'us-east-1',
  maxAttempts: 1,
  credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'example' },
});

async function thrownBy(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('isInvalidKeyError on Anthropic errors', () => {
  it('is true for the documented authentication_error body', () => {
    expect(isInvalidKeyError(ANTHROPIC_401)).toBe(true);
  });

  it('is true for the SDK AuthenticationError constructed from the installed package', () => {
    const err = AnthropicSdk.APIError.generate(401, ANTHROPIC_401, undefined, new Headers());

    expect(err).toBeInstanceOf(AnthropicSdk.AuthenticationError);
    expect(isInvalidKeyError(err)).toBe(true);
  });

  it('is true for the AuthenticationError the SDK throws on a 401 answer', async () => {
    const client = new Anthropic({ apiKey: 'sk-ant-api03-not-live', baseURL: provider.url, maxRetries: 0 });

    const err = await thrownBy(() =>
      client.messages.create({ model: 'claude-test', max_tokens: 8, messages: [{ role: 'user', content: 'ping' }] }),
    );

    expect(err).toBeInstanceOf(AnthropicSdk.AuthenticationError);
    expect(isInvalidKeyError(err)).toBe(true);
  });

  it.each([
    ['permission_error 403', 403, ANTHROPIC_403],
    ['rate_limit_error 429', 429, ANTHROPIC_429],
    ['overloaded_error 529', 529, ANTHROPIC_529],
  ])('is false for %s, as a body and as the SDK error', (_name, status, body) => {
    const err = AnthropicSdk.APIError.generate(status, body, undefined, new Headers());

    expect(isInvalidKeyError(body)).toBe(false);
    expect(isInvalidKeyError(err)).toBe(false);
  });
});

describe('isInvalidKeyError on OpenAI errors', () => {
  it('is true for the documented invalid_api_key body', () => {
    expect(isInvalidKeyError(OPENAI_401)).toBe(true);
  });

  it('is true for the SDK AuthenticationError constructed from the installed package', () => {
    const err = new OpenAISdk.AuthenticationError(401, OPENAI_401.error, undefined, new Headers());

    expect(isInvalidKeyError(err)).toBe(true);
  });

  it('is true for the AuthenticationError the SDK throws on a 401 answer', async () => {
    const client = new OpenAI({ apiKey: 'sk-proj-not-live', baseURL: `${provider.url}/v1`, maxRetries: 0 });

    const err = await thrownBy(() => client.models.list());

    expect(err).toBeInstanceOf(OpenAISdk.AuthenticationError);
    expect(isInvalidKeyError(err)).toBe(true);
  });

  it.each([
    ['403 permissions', 403, OPENAI_403],
    ['429 rate limit', 429, OPENAI_429],
    ['500 server error', 500, { error: { message: 'server', type: 'server_error', param: null, code: null } }],
  ])('is false for %s, as a body and as the SDK error', (_name, status, body) => {
    const err = OpenAISdk.APIError.generate(status, body, undefined, new Headers());

    expect(isInvalidKeyError(body)).toBe(false);
    expect(isInvalidKeyError(err)).toBe(false);
  });
});

describe('isInvalidKeyError on AWS SDK errors', () => {
  it('is true for UnrecognizedClientException thrown by a real client', async () => {
    next = { status: 400, code: 'UnrecognizedClientException' };
    const client = new SecretsManagerClient(awsConfig());

    const err = await thrownBy(() => client.send(new GetSecretValueCommand({ SecretId: 's' })));

    expect((err as Error).name).toBe('UnrecognizedClientException');
    expect(isInvalidKeyError(err)).toBe(true);
  });

  it('is true for InvalidClientTokenId thrown by a real client', async () => {
    next = { status: 403, code: 'InvalidClientTokenId' };
    const client = new STSClient(awsConfig());

    const err = await thrownBy(() => client.send(new GetCallerIdentityCommand({})));

    expect((err as Error).name).toBe('InvalidClientTokenId');
    expect(isInvalidKeyError(err)).toBe(true);
  });

  it('is true for InvalidAccessKeyId', () => {
    const err = new SecretsManagerServiceException({
      name: 'InvalidAccessKeyId',
      $fault: 'client',
      $metadata: { httpStatusCode: 403 },
      message: 'The AWS Access Key Id you provided does not exist in our records.',
    });

    expect(isInvalidKeyError(err)).toBe(true);
  });

  it.each([
    ['AccessDeniedException', 400],
    ['SignatureDoesNotMatch', 403],
    ['ThrottlingException', 400],
  ])('is false for %s', async (code, status) => {
    next = { status, code };
    const client = new SecretsManagerClient(awsConfig());

    const err = await thrownBy(() => client.send(new GetSecretValueCommand({ SecretId: 's' })));

    expect((err as Error).name).toBe(code);
    expect(isInvalidKeyError(err)).toBe(false);
  });
});

describe('isInvalidKeyError on HTTP answers', () => {
  it('is true for a fetch Response with status 401', () => {
    expect(isInvalidKeyError(new Response('unauthorized', { status: 401 }))).toBe(true);
  });

  it.each([403, 429, 500, 503])('is false for a fetch Response with status %i', (status) => {
    expect(isInvalidKeyError(new Response('no', { status }))).toBe(false);
  });

  it('is true for an error carrying statusCode 401 or a 401 response, and through a cause chain', () => {
    const http = Object.assign(new Error('Unauthorized'), { statusCode: 401 });
    const axiosLike = Object.assign(new Error('Request failed'), { response: { status: 401, data: {} } });
    const wrapped = new Error('tool call failed', { cause: http });

    expect(isInvalidKeyError(http)).toBe(true);
    expect(isInvalidKeyError(axiosLike)).toBe(true);
    expect(isInvalidKeyError(wrapped)).toBe(true);
  });

  it('is false for ordinary errors and non-objects', () => {
    expect(isInvalidKeyError(new Error('ECONNRESET'))).toBe(false);
    expect(isInvalidKeyError(new TypeError('x is undefined'))).toBe(false);
    expect(isInvalidKeyError(undefined)).toBe(false);
    expect(isInvalidKeyError('401')).toBe(false);
  });
});
