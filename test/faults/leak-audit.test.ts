import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  RotateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliDeps, defaultDeps, main } from '../../bin/rekey.ts';
import { logger } from '../../lambdas/common/logger';
import type { RekeyConfigInput } from '../../lib/config';
import { onFindingBus } from '../../local/emulator/deploy';
import { type LocalEnvironment, startLocalEnvironment } from '../../local/emulator/environment';
import { drainOnce, installFindingRules } from '../../local/emulator/event-bridge';
import type { FakeAnthropicState, FakeHttpState, FakeOpenAiState } from '../../local/emulator/fake-providers';
import {
  type FakeServer,
  startFakeAnthropic,
  startFakeHttpProvider,
  startFakeOpenAi,
} from '../../local/emulator/fake-providers';
import { revocationRunner } from '../../local/emulator/state-machine';
import { writeLocalState } from '../../local/rehearsal/serve';
import { resolveContext } from '../../packages/cli/src/context';
import { memoryWriter } from '../../packages/cli/src/output';
import { fingerprint } from '../../packages/client/src/fingerprint';
import { KEY_PATTERNS } from '../../packages/client/src/patterns';

/**
 * The leak audit: the whole local stack (moto, the synthesized stack's resources, the real handlers, the revocation
 * state machine, the CLI) runs a scheduled rotation of a generated, an http, an OpenAI and an Anthropic key (the
 * last supplied with `rekey put`), a provider 5xx, a failed key test, a scanner finding through EventBridge and an
 * operator's emergency rotation, with canary admin credentials and every key the fake providers issue. Then every
 * place an operator or an attacker could read is gathered (stdout and stderr with the Powertools logger at DEBUG,
 * rotation and execution errors, every SNS message on the fleet and ops queues, every EventBridge event and intake
 * result, the execution histories, CLI output, the inventory table) and searched for every canary and every key
 * shape the client's redactor knows. Zero is the only passing number.
 */

const ADMIN = { openai: 'admin/openai', anthropic: 'admin/anthropic', http: 'admin/http' } as const;
const CANARY = {
  openai: `sk-admin-CANARYopenai${'Q'.repeat(30)}`,
  anthropic: `sk-ant-admin01-CANARYanthropic${'Z'.repeat(60)}AA`,
  http: `inadm_CANARYhttp${'H'.repeat(30)}`,
};

let env: LocalEnvironment;
let openai: FakeServer<FakeOpenAiState>;
let anthropic: FakeServer<FakeAnthropicState>;
let http: FakeServer<FakeHttpState>;
let dir: string;
const captured: string[] = [];
const restore: (() => void)[] = [];

function capture(stream: NodeJS.WriteStream): void {
  const write = stream.write.bind(stream);
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof stream.write;
  restore.push(() => {
    stream.write = write;
  });
}

beforeAll(async () => {
  [openai, anthropic, http] = await Promise.all([
    startFakeOpenAi({ adminKey: CANARY.openai }),
    startFakeAnthropic({ adminKey: CANARY.anthropic, defaultWorkspaceId: 'wrkspc_leak' }),
    startFakeHttpProvider({ adminKey: CANARY.http }),
  ]);
  const config: RekeyConfigInput = {
    keys: [
      { name: 'leak/generated', provider: 'generated', fleets: ['agents'] },
      {
        name: 'leak/http',
        provider: 'http',
        options: { baseUrl: http.url },
        adminSecretName: ADMIN.http,
        fleets: ['agents'],
      },
      {
        name: 'leak/openai',
        provider: 'openai',
        options: { projectId: 'proj_leak', baseUrl: openai.url },
        adminSecretName: ADMIN.openai,
        fleets: ['agents'],
      },
      {
        name: 'leak/anthropic',
        provider: 'anthropic',
        options: { workspaceId: 'wrkspc_leak', baseUrl: anthropic.url },
        adminSecretName: ADMIN.anthropic,
        fleets: ['agents'],
      },
    ],
    fleets: [{ name: 'agents' }],
    verification: { scheduledWaitSeconds: 60, emergencyWaitSeconds: 1, maxRounds: 1, deleteGraceSeconds: 0 },
  };
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  logger.setLogLevel('DEBUG');
  capture(process.stdout);
  capture(process.stderr);
  env = await startLocalEnvironment({ config, executionRunner: (d) => revocationRunner(d, { waitScale: 0 }) });
  const sm = env.secretsManager;
  await sm.send(new CreateSecretCommand({ Name: ADMIN.openai, SecretString: CANARY.openai }));
  await sm.send(
    new CreateSecretCommand({ Name: ADMIN.anthropic, SecretString: JSON.stringify({ apiKey: CANARY.anthropic }) }),
  );
  await sm.send(new CreateSecretCommand({ Name: ADMIN.http, SecretString: CANARY.http }));
  dir = mkdtempSync(join(tmpdir(), 'rekey-leak-'));
  writeLocalState(env, join(dir, 'local.json'));
}, 120_000);

afterAll(async () => {
  for (const r of restore) r();
  logger.setLogLevel('WARN');
  await env?.idle();
  await env?.stop();
  await Promise.all([openai?.close(), anthropic?.close(), http?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const cliOutput: string[] = [];

async function cli(args: string[], input = ''): Promise<number> {
  const out = memoryWriter();
  const deps: CliDeps = {
    ...defaultDeps(),
    writer: out,
    stdin: Readable.from([Buffer.from(input)]),
    prompt: (text) => out.err(text),
    resolveContext: (options) => resolveContext({ ...options, local: join(dir, 'local.json'), cwd: dir, pollMs: 20 }),
  };
  const code = await main(['node', 'rekey', ...args], deps);
  cliOutput.push(out.text());
  return code;
}

async function rotate(name: string): Promise<void> {
  await env.secretsManager.send(
    new RotateSecretCommand({ SecretId: env.deployment.secrets[name]?.name, RotateImmediately: true }),
  );
  await env.idle();
}

async function drain(sqs: SQSClient, queueUrl: string): Promise<string[]> {
  const bodies: string[] = [];
  for (;;) {
    const out = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ['All'],
      }),
    );
    if (!out.Messages?.length) return bodies;
    for (const m of out.Messages) {
      bodies.push(JSON.stringify(m));
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
    }
  }
}

describe('the leak audit of a full local flow with faults', () => {
  it('finds no canary and no key shape in any log line, error, message, event, history, CLI output or table', async () => {
    const d = env.deployment;
    const sm = env.secretsManager;
    // Scheduled rotations; the first OpenAI rotation meets a provider 5xx and Secrets Manager retries it.
    await rotate('leak/generated');
    await rotate('leak/http');
    const removeFault = openai.state.inject({ method: 'POST', path: /service_accounts$/, status: 503, times: 3 });
    await rotate('leak/openai');
    removeFault();
    await rotate('leak/openai');
    // Anthropic cannot mint by API: the rotation waits for `rekey put` with a key made in the Console.
    await rotate('leak/anthropic');
    const made = anthropic.state.createKeyInConsole({ workspaceId: 'wrkspc_leak' });
    expect(await cli(['put', 'leak/anthropic'], `${made.apiKey}\n`)).toBe(0);
    // A failed key test: the provider refuses the new key once.
    const removeReject = http.state.inject({ method: 'GET', path: '/whoami', status: 401, nth: 1 });
    await rotate('leak/http');
    removeReject();
    await rotate('leak/http');
    // A scanner finding through the stack's EventBridge rules, naming the generated key by fingerprint.
    const rules = await installFindingRules({ endpoint: env.moto.endpoint, template: d.template, region: d.region });
    const current = await sm.send(
      new GetSecretValueCommand({ SecretId: d.secrets['leak/generated']?.name, VersionStage: 'AWSCURRENT' }),
    );
    const exposed = JSON.parse(current.SecretString ?? '{}').apiKey as string;
    const events = new EventBridgeClient({
      endpoint: env.moto.endpoint,
      region: d.region,
      credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
    });
    const entry = {
      Source: 'rekey.scanner',
      DetailType: 'Secret Exposed',
      Detail: JSON.stringify({
        findingId: 'leak-1',
        source: 'gitleaks',
        fingerprint: fingerprint(exposed),
        location: 'repo/app.env',
      }),
    };
    await events.send(new PutEventsCommand({ Entries: onFindingBus(env.deployment, [entry]) }));
    const records = await drainOnce({
      endpoint: env.moto.endpoint,
      queueUrl: rules.queueUrl,
      region: d.region,
      handle: (e) => env.invoke('intake', e),
    });
    expect(records.some((r) => r.outcome === 'handled')).toBe(true);
    await env.idle();
    // An operator's emergency rotation and status, through the CLI.
    expect(await cli(['rotate', 'leak/http', '--emergency', '--reason', 'leak audit'])).toBe(0);
    await env.idle();
    await cli(['status']);
    await cli(['status', '--json']);

    // Gather every readable place.
    const sqs = new SQSClient({
      endpoint: env.moto.endpoint,
      region: d.region,
      credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
    });
    const messages = [...(await drain(sqs, d.opsQueueUrl))];
    for (const url of Object.values(d.fleetQueueUrls)) messages.push(...(await drain(sqs, url)));
    const histories = [...env.executions.executions.values()].map((e) => JSON.stringify(e));
    const runErrors = env.rotations.runs.map((r) => `${r.status} ${r.error ?? ''}`);
    const table = JSON.stringify(
      (
        await new DynamoDBClient({ endpoint: env.moto.endpointFor('dynamodb'), region: d.region }).send(
          new ScanCommand({ TableName: d.tableName }),
        )
      ).Items,
    );
    const places: Record<string, string[]> = {
      'stdout/stderr': captured,
      'rotation errors': runErrors,
      'SNS messages': messages,
      'EventBridge events and intake results': [JSON.stringify(entry), JSON.stringify(records)],
      'execution histories': histories,
      'CLI output': cliOutput,
      'inventory table': [table],
    };

    // Every key the flow made or used: the canaries, every value the fakes issued, every version of every secret.
    const canaries = new Set<string>([...Object.values(CANARY), made.apiKey]);
    for (const fake of [openai, anthropic, http]) for (const v of fake.state.issued) canaries.add(v);
    for (const { name } of Object.values(d.secrets)) {
      const versions = await sm.send(new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true }));
      for (const v of versions.Versions ?? []) {
        const value = await sm.send(new GetSecretValueCommand({ SecretId: name, VersionId: v.VersionId }));
        const apiKey = (JSON.parse(value.SecretString ?? '{}') as { apiKey?: string }).apiKey;
        if (apiKey && apiKey.length >= 8) canaries.add(apiKey);
      }
    }

    const scan = (place: string, texts: readonly string[], leaks: string[]) => {
      for (const text of texts) {
        for (const canary of canaries)
          if (text.includes(canary)) leaks.push(`${place}: a key (${canary.slice(0, 6)}…)`);
        for (const { kind, re } of KEY_PATTERNS) {
          re.lastIndex = 0;
          const m = re.exec(text);
          if (m)
            leaks.push(
              `${place}: ${kind} shape "${m[0].slice(0, 6)}…" in "${text.slice(Math.max(0, m.index - 40), m.index).replace(/\s+/g, ' ')}"`,
            );
        }
      }
    };
    const leaks: string[] = [];
    for (const [place, texts] of Object.entries(places)) scan(place, texts, leaks);
    // The scan itself can fail: a planted issued key and a planted key shape are both found.
    const control: string[] = [];
    scan('control', [`{"message":"x","key":"${[...openai.state.issued][0]}"}`, `Bearer ${'x'.repeat(20)}`], control);
    expect(control.length).toBeGreaterThanOrEqual(2);
    // The flow did what it says: keys were minted by every provider, messages and histories exist.
    expect(canaries.size).toBeGreaterThan(10);
    expect(messages.length).toBeGreaterThan(5);
    expect(histories.length).toBeGreaterThan(3);
    expect(captured.length).toBeGreaterThan(20);
    // Secrets Manager retries a failed rotation (5 times): the first OpenAI rotation gets past its three 503s on the
    // fourth attempt (the errors of the first three are still scanned); the Anthropic one waiting for `rekey put`
    // and the one whose key test failed fail every attempt.
    const attemptsOf = (key: string) =>
      env.rotations.runs.filter((r) => r.secretName === d.secrets[key]?.name).map((r) => `${r.status} ${r.attempts}`);
    expect(attemptsOf('leak/openai')).toEqual(['succeeded 4', 'succeeded 1']);
    expect(attemptsOf('leak/anthropic')).toEqual(['failed 6']);
    expect(runErrors.some((r) => r.startsWith('succeeded ProviderUnavailableError'))).toBe(true);
    expect(runErrors.filter((r) => r.startsWith('failed')).length).toBeGreaterThanOrEqual(2); // the put and the failed test
    expect(messages.some((m) => m.includes('rotation-failed'))).toBe(true);
    expect([...new Set(leaks)]).toEqual([]);
  }, 180_000);
});
