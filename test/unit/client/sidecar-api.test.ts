import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sidecar } from '../../../packages/client/src/sidecar';
import {
  CANARY_1,
  CANARY_2,
  MockSecretsManager,
  SECRET_ARN,
  SECRET_NAME,
  startTestSidecar,
  TOKEN,
} from './support/sidecar-harness';

/**
 * The AWS Secrets Manager Agent's local API, as aws/aws-secretsmanager-agent's server.rs and parse.rs answer it: the
 * same paths, status codes and bodies, so code written for that agent works against `rekey agent` unchanged.
 */

let sm: MockSecretsManager;
let sidecar: Sidecar | undefined;

beforeEach(() => {
  sm = new MockSecretsManager(CANARY_1);
});

afterEach(async () => {
  await sidecar?.close();
  sidecar = undefined;
  sm.restore();
});

async function start() {
  const t = await startTestSidecar(sm);
  sidecar = t.sidecar;
  return t;
}

const q = encodeURIComponent;

describe('rekey agent serves the AWS agent API', () => {
  it('answers GET /secretsmanager/get?secretId= with the GetSecretValue JSON in the AWS agent shape', async () => {
    // Arrange
    const { get } = await start();
    const v1 = sm.versions[0];

    // Act
    const res = await get(`/secretsmanager/get?secretId=${q(SECRET_NAME)}`);

    // Assert
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBeNull();
    expect(Object.keys(JSON.parse(res.body))).toEqual([
      'ARN',
      'Name',
      'VersionId',
      'SecretString',
      'VersionStages',
      'CreatedDate',
    ]);
    expect(JSON.parse(res.body)).toEqual({
      ARN: SECRET_ARN,
      Name: SECRET_NAME,
      VersionId: v1?.id,
      SecretString: v1?.body,
      VersionStages: ['AWSCURRENT'],
      CreatedDate: '1764064800.046',
    });
  });

  it('answers the path form /v1/<secretId>, by name (slashes kept or percent-encoded) and by ARN', async () => {
    // Arrange
    const { get } = await start();

    // Act
    const byPath = await get(`/v1/${SECRET_NAME}`);
    const byEncoded = await get(`/v1/${q(SECRET_NAME)}`);
    const byArn = await get(`/secretsmanager/get?secretId=${q(SECRET_ARN)}`);

    // Assert
    for (const res of [byPath, byEncoded, byArn]) {
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body).Name).toBe(SECRET_NAME);
    }
  });

  it('serves from memory: a hundred reads cost no GetSecretValue after the opening one', async () => {
    // Arrange
    const { get } = await start();
    const opening = sm.calls;

    // Act
    for (let i = 0; i < 100; i++) await get(`/secretsmanager/get?secretId=${q(SECRET_NAME)}`);

    // Assert
    expect(opening).toBe(1);
    expect(sm.calls).toBe(1);
  });

  it('answers /ping with "healthy", without a token (the readiness probe)', async () => {
    // Arrange
    const { get } = await start();

    // Act
    const res = await get('/ping', {});

    // Assert
    expect(res).toMatchObject({ status: 200, body: 'healthy' });
  });

  it('refuses a missing or wrong SSRF token with 403 "Bad Token", and accepts X-Vault-Token', async () => {
    // Arrange
    const { get } = await start();
    const path = `/secretsmanager/get?secretId=${q(SECRET_NAME)}`;

    // Act
    const missing = await get(path, {});
    const wrong = await get(path, { 'X-Aws-Parameters-Secrets-Token': `${TOKEN}x` });
    const short = await get(path, { 'X-Aws-Parameters-Secrets-Token': TOKEN.slice(0, 5) });
    const empty = await get(path, { 'X-Aws-Parameters-Secrets-Token': '' });
    const vault = await get(path, { 'X-Vault-Token': TOKEN });

    // Assert
    for (const res of [missing, wrong, short, empty]) expect(res).toMatchObject({ status: 403, body: 'Bad Token' });
    expect(vault.status).toBe(200);
  });

  it('refuses a request carrying X-Forwarded-For with 400 "Forwarded", even with the right token', async () => {
    // Arrange
    const { get } = await start();

    // Act
    const res = await get(`/secretsmanager/get?secretId=${q(SECRET_NAME)}`, {
      'X-Aws-Parameters-Secrets-Token': TOKEN,
      'X-Forwarded-For': '54.239.28.85',
    });

    // Assert
    expect(res).toMatchObject({ status: 400, body: 'Forwarded' });
  });

  it('checks the token before the method and the path, as the AWS agent does', async () => {
    // Arrange
    const { sidecar: s, get } = await start();

    // Act
    const postNoToken = await fetch(`${s.url}/secretsmanager/get?secretId=x`, { method: 'POST' });
    const post = await fetch(`${s.url}/secretsmanager/get?secretId=x`, {
      method: 'POST',
      headers: { 'X-Aws-Parameters-Secrets-Token': TOKEN },
    });
    const unknownPathNoToken = await get('/nowhere', {});
    const unknownPath = await get('/nowhere');

    // Assert
    expect(postNoToken.status).toBe(403);
    expect({ status: post.status, body: await post.text() }).toEqual({ status: 405, body: 'Not allowed' });
    expect(unknownPathNoToken.status).toBe(403);
    expect(unknownPath).toMatchObject({ status: 404, body: 'Not found' });
  });

  it('refuses bad queries with the AWS agent messages', async () => {
    // Arrange
    const { get } = await start();

    // Act
    const unknown = await get(`/secretsmanager/get?secretId=${q(SECRET_NAME)}&abc=123`);
    const missing = await get('/secretsmanager/get?versionStage=AWSCURRENT');
    const missingPath = await get('/v1/?versionStage=AWSCURRENT');
    const secretIdOnPath = await get(`/v1/${SECRET_NAME}?secretId=x`);
    const refresh = await get(`/secretsmanager/get?secretId=${q(SECRET_NAME)}&refreshNow=123`);

    // Assert
    expect(unknown).toMatchObject({ status: 400, body: 'unknown parameter: abc' });
    expect(missing).toMatchObject({ status: 400, body: 'missing parameter secretId' });
    expect(missingPath).toMatchObject({ status: 400, body: 'missing secret ID' });
    expect(secretIdOnPath).toMatchObject({ status: 400, body: 'unknown parameter: secretId' });
    expect(refresh).toMatchObject({ status: 400, body: 'invalid refreshNow value' });
  });

  it('refuses a secret it does not serve as Secrets Manager refuses an unknown one, without calling it', async () => {
    // Arrange
    const { get } = await start();
    const before = sm.calls;

    // Act
    const res = await get(`/secretsmanager/get?secretId=${q('rekey/agents/research/internal-api')}&refreshNow=true`);
    const byPath = await get('/v1/prod/payments/stripe');

    // Assert
    for (const r of [res, byPath]) {
      expect(r.status).toBe(400);
      expect(r.body).toBe(
        '{"__type":"ResourceNotFoundException", "message":"Secrets Manager can\'t find the specified secret."}',
      );
    }
    expect(sm.calls).toBe(before);
  });

  it('reads other versions through (AWSPREVIOUS, a VersionId) and passes Secrets Manager errors on', async () => {
    // Arrange
    const { get } = await start();
    const v1 = sm.versions[0]?.id;
    sm.rotate(CANARY_2);
    await get(`/secretsmanager/get?secretId=${q(SECRET_NAME)}&refreshNow=true`);

    // Act
    const previous = await get(`/secretsmanager/get?secretId=${q(SECRET_NAME)}&versionStage=AWSPREVIOUS`);
    const byId = await get(`/v1/${SECRET_NAME}?versionId=${v1}`);
    const noSuchStage = await get(`/v1/${SECRET_NAME}?versionStage=AWSPENDING`);

    // Assert
    expect(JSON.parse(previous.body)).toMatchObject({ VersionId: v1, VersionStages: ['AWSPREVIOUS'] });
    expect(JSON.parse(byId.body)).toMatchObject({ VersionId: v1 });
    expect(noSuchStage.status).toBe(400);
    expect(JSON.parse(noSuchStage.body).__type).toBe('ResourceNotFoundException');
  });

  it('never writes a key value to its log, across reads, refusals, rotations and errors', async () => {
    // Arrange
    const { get, logger } = await start();
    const path = `/secretsmanager/get?secretId=${q(SECRET_NAME)}`;

    // Act
    await get(path);
    await get(path, {});
    await get(path, { 'X-Aws-Parameters-Secrets-Token': CANARY_1 });
    sm.rotate(CANARY_2);
    await get(`${path}&refreshNow=true`);
    await get(`${path}&versionStage=NOPE`);
    await get(`/v1/${CANARY_1}`);

    // Assert
    expect(logger.entries.length).toBeGreaterThan(3);
    expect(logger.text()).not.toContain(CANARY_1);
    expect(logger.text()).not.toContain(CANARY_2);
  });
});
