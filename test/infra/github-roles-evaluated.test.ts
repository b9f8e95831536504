import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalPrincipal, readAccountPolicies } from '../../local/emulator/iam/account';
import { LocalAccessDeniedError, LocalAuthorizer } from '../../local/emulator/iam/authorizer';
import { type ApiRequest, authChecks, type ResourceDirectory } from '../../local/emulator/iam/requests';
import { LOCAL_ACCOUNT, TemplateResolver } from '../../local/emulator/resolve';
import type { Template as LocalTemplate } from '../../local/emulator/synth';
import { githubIntake } from './github-support';

/**
 * The GitHub webhook's and the backstop's roles, as AWS evaluates them (@cloud-copilot/iam-simulate through the local
 * stack's authorizer), on the ARNs AWS gives the resources: the token secret with its random suffix, the table,
 * the bus. The backstop may read and write alert records only, put `rekey.github` findings only, read the token only.
 */
const REGION = 'us-east-1';
const at = `${REGION}:${LOCAL_ACCOUNT}`;
const TABLE = 'rekey-inventory';
const outdir = mkdtempSync(join(tmpdir(), 'rekey-github-eval-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

let roles: ReadonlyMap<string, LocalPrincipal>;
let allowed: (who: LocalPrincipal, request: ApiRequest) => Promise<boolean>;

beforeAll(() => {
  const template = githubIntake(outdir, {}, { env: false }).template.toJSON() as LocalTemplate;
  const resolver = new TemplateResolver(template, REGION);
  for (const [id, r] of Object.entries(template.Resources)) {
    if (r.Type === 'AWS::DynamoDB::GlobalTable') {
      resolver.bind(id, { ref: TABLE, attributes: { Arn: `arn:aws:dynamodb:${at}:table/${TABLE}` } });
    }
    if (r.Type === 'AWS::Events::EventBus') {
      resolver.bind(id, {
        ref: 'rekey-findings',
        attributes: { Arn: `arn:aws:events:${at}:event-bus/rekey-findings` },
      });
    }
  }
  const policies = readAccountPolicies(template, resolver, LOCAL_ACCOUNT);
  roles = policies.roles;
  const directory: ResourceDirectory = {
    region: REGION,
    account: LOCAL_ACCOUNT,
    // Secrets made by the operator: AWS gives each a six-character suffix.
    secretArn: async (id) => (id.startsWith('arn:') ? id : `arn:aws:secretsmanager:${at}:secret:${id}-Ab12Cd`),
    partitionKey: () => 'pk',
    accessKeyUser: async () => undefined,
  };
  const authorizer = new LocalAuthorizer({ policies, directory, principals: new Map(), administrators: new Set() });
  allowed = async (who, request) => {
    try {
      for (const check of await authChecks(request, directory)) await authorizer.check(who, check);
      return true;
    } catch (err) {
      if (err instanceof LocalAccessDeniedError) return false;
      throw err;
    }
  };
});

const role = (prefix: string): LocalPrincipal => {
  const found = [...roles].find(([id]) => id.startsWith(prefix))?.[1];
  if (!found) throw new Error(`no role ${prefix}: ${[...roles.keys()].join(', ')}`);
  return found;
};
const backstop = () => role('IntakeGitHubBackstopHandlerRole');
const webhook = () => role('IntakeGitHubWebhookRole');
const item = (pk: string) => ({ pk: { S: pk }, sk: { S: 'DELIVERY' } });
const get = (pk: string): ApiRequest => ({
  service: 'dynamodb',
  operation: 'GetItem',
  params: { TableName: TABLE, Key: item(pk), ConsistentRead: true, ProjectionExpression: 'pk' },
});
const put = (pk: string): ApiRequest => ({
  service: 'dynamodb',
  operation: 'PutItem',
  params: { TableName: TABLE, Item: { ...item(pk), publishedBy: { S: 'backstop' } } },
});
const putEvent = (source: string): ApiRequest => ({
  service: 'events',
  operation: 'PutEvents',
  params: { Entries: [{ EventBusName: 'rekey-findings', Source: source, DetailType: 'Secret Exposed', Detail: '{}' }] },
});
const readSecret = (name: string): ApiRequest => ({
  service: 'secretsmanager',
  operation: 'GetSecretValue',
  params: { SecretId: name, VersionStage: 'AWSCURRENT' },
});

describe("the backstop's role", () => {
  it('reads and writes the alert records the webhook keeps', async () => {
    const alert = 'DELIVERY#ALERT#example-org/agents#7';

    expect(await allowed(backstop(), get(alert))).toBe(true);
    expect(await allowed(backstop(), put(alert))).toBe(true);
  });

  it('cannot touch a key version, a finding record, or the delivery-id and body claims', async () => {
    for (const pk of [
      'KEY#rekey/agents/support',
      'FINDING#github:example-org/agents#7',
      'DELIVERY#abc',
      'DELIVERY#BODY#00',
    ]) {
      expect(await allowed(backstop(), put(pk))).toBe(false);
      expect(await allowed(backstop(), get(pk))).toBe(false);
    }
  });

  it('puts rekey.github findings on the bus, and no other source', async () => {
    expect(await allowed(backstop(), putEvent('rekey.github'))).toBe(true);
    expect(await allowed(backstop(), putEvent('rekey.scanner'))).toBe(false);
    expect(await allowed(backstop(), putEvent('aws.health'))).toBe(false);
  });

  it("reads the webhook's token, and not the webhook's shared secret", async () => {
    expect(await allowed(backstop(), readSecret('rekey-github/token'))).toBe(true);
    expect(await allowed(backstop(), readSecret('rekey-github/webhook'))).toBe(false);
  });
});

describe("the webhook's role", () => {
  it('claims delivery ids and verified bodies and records alerts, all under DELIVERY#', async () => {
    for (const pk of ['DELIVERY#72d3162e', 'DELIVERY#BODY#ab12', 'DELIVERY#ALERT#example-org/agents#42']) {
      expect(await allowed(webhook(), put(pk))).toBe(true);
    }
    expect(await allowed(webhook(), put('KEY#rekey/agents/support'))).toBe(false);
  });
});
