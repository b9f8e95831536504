import { randomUUID } from 'node:crypto';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { InvalidRequestException } from '@aws-sdk/client-secrets-manager';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Inventory } from '../../../lambdas/common/inventory';
import { releaseSecretValues } from '../../../lambdas/common/logger';
import { RevocationInputSchema } from '../../../lambdas/common/revocation';
import type { ProviderName, SecretValue } from '../../../lambdas/common/secret-value';
import { derivedToken } from '../../../lambdas/intake/intake';
import { createIntake, type EventResult } from '../../../lambdas/intake/intake-event';
import { FindingLog } from '../../../lambdas/intake/records';
import { rotateSecretStarter } from '../../../lambdas/intake/rotation-starter';
import { providerRegistry } from '../../../lambdas/providers';
import type { KeyProvider } from '../../../lambdas/providers/types';
import type { RotationStep } from '../../../lambdas/rotation/event';
import { type RotationDeps, rotate } from '../../../lambdas/rotation/rotate';
import { SECRETS_MANAGER_ROTATION_RETRY } from '../../../local/emulator/rotation-service';
import { CrashError, Crasher, crashingClient, crashingMethods } from '../../faults/crash';
import { FakeDynamoDb } from '../../support/fakes/dynamodb';
import { MemoryHttpProvider } from './fake-http-provider';
import { FakeSfn, FakeSns } from './fake-messaging';
import { FakeSecretsManager } from './fake-secrets-manager';
import { MemoryPersistenceLayer } from './memory-idempotency';
import { type Execution, stepExecution } from './workflow';

/**
 * The system under test, in memory: the real rotation engine, intake and revocation tasks over the fakes, every
 * write and provider call passing through one Crasher (a crash kills the invocation: every later counted call of it
 * throws, and so does the idempotency store), and the AWS services' retry behaviour played by the model: Secrets
 * Manager reattempts a failed rotation step (ROTATION_ATTEMPTS times, then gives the rotation up until the secret's
 * next rotation window), EventBridge redelivers a failed event, Step Functions retries a Task only as the
 * synthesized definition's Retry lists say.
 */

export const TABLE = 'rekey-inventory';
export const PREFIX = 'rekey/';
const STATE_MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:rekey-revocation';
const FLEET_TOPIC = 'arn:aws:sns:us-east-1:123456789012:fleet';
const OPS_TOPIC = 'arn:aws:sns:us-east-1:123456789012:ops';
const STEPS: readonly RotationStep[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];
/**
 * Attempts of one rotation before Secrets Manager gives up on it (its AWSPENDING is reused by the next one): the
 * same count the local stack's rotation service uses.
 */
const ROTATION_ATTEMPTS = SECRETS_MANAGER_ROTATION_RETRY.attempts + 1;

export interface ManagedSecret {
  readonly name: string;
  readonly provider: Extract<ProviderName, 'generated' | 'http'>;
}

interface Run {
  readonly token: string;
  step: number;
  failures: number;
}

export class World {
  readonly sm = new FakeSecretsManager();
  readonly ddb = new FakeDynamoDb(TABLE);
  readonly sns = new FakeSns();
  readonly sfn = new FakeSfn(STATE_MACHINE);
  readonly http = new MemoryHttpProvider();
  readonly crasher = new Crasher();
  readonly secrets: ManagedSecret[] = [];
  readonly runs = new Map<string, Run>();
  readonly executions: Execution[] = [];
  /** Events EventBridge will deliver again (their invocation failed). */
  readonly redeliveries: unknown[] = [];
  /** Every event delivered once, for duplicate deliveries. */
  readonly delivered: unknown[] = [];
  /** Finding key → the rotation tokens the intake derived for it. */
  readonly tokensByFinding = new Map<string, Set<string>>();
  /** Operator retries of failed revocations (`rekey revocation retry`), by the error that failed them. */
  readonly operatorRetries: string[] = [];
  /**
   * Secrets whose rotation Secrets Manager gave up on after ROTATION_ATTEMPTS failed attempts and that have not
   * rotated since; `gaveUpCount` counts every give-up.
   */
  readonly gaveUp = new Set<string>();
  gaveUpCount = 0;
  /**
   * Secrets with a rotation given up because crashes and provider faults exhausted Secrets Manager's retries (not
   * because rekey itself abandoned its token): the exposure bound extends to their next rotation window.
   */
  readonly exhausted = new Set<string>();
  /** EventBridge redeliveries made. */
  redeliveryCount = 0;
  readonly rawInventory: Inventory;
  offsetMs = 0;
  private readonly persistence: MemoryPersistenceLayer;
  private readonly intake: (event: unknown) => Promise<EventResult>;
  readonly deps: RotationDeps;

  constructor() {
    const now = () => new Date(Date.now() + this.offsetMs);
    const c = this.crasher;
    const sm = crashingClient(this.sm as unknown as SecretsManagerClient, c, (n) =>
      /^(Put|Update|Create|Delete|Rotate)/.test(n),
    );
    const doc = crashingClient(this.ddb as unknown as DynamoDBDocumentClient, c, (n) => /^(Update|Put|Delete)/.test(n));
    const sns = crashingClient(this.sns as unknown as SNSClient, c, () => true);
    const sfn = crashingClient(this.sfn as unknown as SFNClient, c, () => true);
    const fetch: typeof globalThis.fetch = (input, init) => {
      const call = () => this.http.fetch(input, init);
      const method = (init?.method ?? 'GET').toUpperCase();
      return method === 'GET' ? call() : c.counted(`${method} ${new URL(String(input)).pathname}`, call);
    };
    const registry = providerRegistry({
      secretsManager: sm,
      fetch,
      sleep: async () => {},
      random: () => 0.5,
      httpPolicy: { attempts: 3 },
    });
    const wrapped = new Map<ProviderName, KeyProvider>();
    const providerFor = (name: ProviderName) => {
      let p = wrapped.get(name);
      if (!p) {
        p = crashingMethods(registry(name), c, ['createKey', 'revokeKey', 'deleteKey', 'keyStored'], name);
        wrapped.set(name, p);
      }
      return p;
    };
    const inventory = new Inventory(doc, TABLE, now);
    this.rawInventory = new Inventory(this.ddb as unknown as DynamoDBDocumentClient, TABLE, now);
    this.deps = {
      sm,
      sns,
      sfn,
      inventory,
      providerFor,
      fleetTopicArn: FLEET_TOPIC,
      opsTopicArn: OPS_TOPIC,
      stateMachineArn: STATE_MACHINE,
      secretPrefix: PREFIX,
      now,
    };
    this.persistence = new MemoryPersistenceLayer(
      () => now().getTime(),
      () => {
        if (c.crashed) throw new CrashError('dead');
      },
    );
    this.intake = createIntake({
      ...this.deps,
      rotations: rotateSecretStarter(sm),
      persistence: this.persistence,
      findingLog: new FindingLog(doc, TABLE, now),
      newToken: (seed) => {
        const token = derivedToken(seed);
        const key = seed.split('\n')[0] ?? '';
        const set = this.tokensByFinding.get(key) ?? new Set<string>();
        set.add(token);
        this.tokensByFinding.set(key, set);
        return token;
      },
    });
    this.sm.onRotate = (secret, input) => {
      if (this.runs.has(secret.name)) {
        throw new InvalidRequestException({
          message: "A previous rotation isn't complete. That rotation will be reattempted.",
          $metadata: {},
        });
      }
      const stale = Object.entries(this.sm.stagesOf(secret)).find(
        ([, s]) => s.includes('AWSPENDING') && !s.includes('AWSCURRENT'),
      )?.[0];
      const token = stale ?? (typeof input.ClientRequestToken === 'string' ? input.ClientRequestToken : randomUUID());
      this.runs.set(secret.name, { token, step: 0, failures: 0 });
      this.gaveUp.delete(secret.name);
      return { ARN: secret.arn, Name: secret.name, VersionId: token };
    };
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** A managed secret as the stack deploys it: rotation on, a first key the provider accepts. */
  async addSecret(provider: ManagedSecret['provider']): Promise<ManagedSecret> {
    const name = `${PREFIX}${provider}/${this.secrets.length}`;
    const versionId = randomUUID();
    let value: SecretValue;
    if (provider === 'http') {
      const first = this.http.addKey(`initial-${name}`);
      value = {
        ...first,
        provider,
        createdAt: this.now().toISOString(),
        options: { baseUrl: this.http.baseUrl, createPath: '/keys', testPath: '/whoami', revokePath: '/keys/{keyId}' },
        adminSecretId: 'admin/http',
      };
      if (!this.sm.secrets.has('admin/http'))
        await this.sm.send(cmd('CreateSecret', { Name: 'admin/http', SecretString: this.http.adminKey }));
    } else {
      value = {
        apiKey: `rk_${'A1b2C3d4E5'.repeat(4)}`,
        keyId: versionId,
        provider,
        createdAt: this.now().toISOString(),
        options: { length: 40, prefix: 'rk_' },
      };
    }
    await this.sm.send(cmd('CreateSecret', { Name: name }));
    await this.sm.send(
      cmd('RotateSecret', { SecretId: name, RotationRules: { AutomaticallyAfterDays: 30 }, RotateImmediately: false }),
    );
    await this.sm.send(
      cmd('PutSecretValue', { SecretId: name, ClientRequestToken: versionId, SecretString: JSON.stringify(value) }),
    );
    const secret = { name, provider };
    this.secrets.push(secret);
    // The deployment's first rotation replaces the first value, as `cdk deploy` does; it enters the inventory.
    await this.schedule(secret);
    for (const _ of STEPS) await this.advanceRotation(secret);
    await this.settle();
    return secret;
  }

  /** Runs one invocation with a crash armed at its Nth counted call; answers whether it failed, and how. */
  private async invoke(crashAt: number | undefined, fn: () => Promise<unknown>): Promise<'ok' | 'crashed' | 'failed'> {
    this.crasher.arm(crashAt);
    try {
      await fn();
      return 'ok';
    } catch {
      return this.crasher.crashed ? 'crashed' : 'failed';
    } finally {
      this.crasher.arm(undefined);
      releaseSecretValues();
    }
  }

  /** The rotation schedule fires: RotateSecret without a token (ignored while a rotation is in flight). */
  async schedule(secret: ManagedSecret): Promise<void> {
    await this.sm.send(cmd('RotateSecret', { SecretId: secret.name, RotateImmediately: true })).catch((err: Error) => {
      if (err.name !== 'InvalidRequestException') throw err;
    });
  }

  /** Secrets Manager invokes the next step of the secret's rotation (or reattempts the one that failed). */
  async advanceRotation(secret: ManagedSecret | number, crashAt?: number): Promise<void> {
    if (typeof secret === 'number') {
      const active = this.secrets.filter((s) => this.runs.has(s.name));
      if (active.length === 0) return;
      secret = active[secret % active.length] as ManagedSecret;
    }
    const run = this.runs.get(secret.name);
    if (!run) return;
    const step = STEPS[run.step] as RotationStep;
    const outcome = await this.invoke(crashAt, () =>
      rotate({ step, secretId: secret.name, token: run.token }, this.deps),
    );
    if (outcome === 'ok') run.step++;
    else run.failures++;
    if (run.failures >= ROTATION_ATTEMPTS) {
      this.gaveUp.add(secret.name);
      this.gaveUpCount++;
      // A token rekey abandoned (it lost AWSPENDING) fails every step by design; anything else ran out of retries.
      if ((await this.rawInventory.getVersion(secret.name, run.token))?.status !== 'abandoned') {
        this.exhausted.add(secret.name);
      }
    }
    if (run.step >= STEPS.length || run.failures >= ROTATION_ATTEMPTS) this.runs.delete(secret.name);
  }

  /** EventBridge hands an event to the intake; a failed invocation is delivered again later. */
  async deliver(event: unknown, crashAt?: number): Promise<void> {
    this.delivered.push(event);
    const outcome = await this.invoke(crashAt, () => this.intake(event));
    if (outcome !== 'ok') this.redeliveries.push(event);
  }

  /** EventBridge's retry of a failed event, after its backoff (past the dead invocation's in-progress expiry). */
  async redeliver(crashAt?: number): Promise<void> {
    const event = this.redeliveries.shift();
    if (event === undefined) return;
    this.redeliveryCount++;
    this.offsetMs += 120_000;
    const outcome = await this.invoke(crashAt, () => this.intake(event));
    if (outcome !== 'ok') this.redeliveries.push(event);
  }

  /** Step Functions runs the next Task of an execution (picking up newly started ones first). */
  async advanceExecution(index: number, crashAt?: number): Promise<void> {
    this.adoptStarted();
    const running = this.executions.filter((e) => !e.end);
    const e = running[index % Math.max(1, running.length)];
    if (!e) return;
    await this.invoke(crashAt, () =>
      stepExecution(e, {
        deps: this.deps,
        sns: this.sns,
        fleetTopicArn: FLEET_TOPIC,
        opsTopicArn: OPS_TOPIC,
        crashed: () => this.crasher.crashed,
      }),
    );
    if (e.end) {
      const started = this.sfn.executions.get(e.name);
      if (started) started.status = e.end === 'Revoked' || e.end === 'AlreadyRevoked' ? 'SUCCEEDED' : 'FAILED';
    }
  }

  private adoptStarted(): void {
    for (const s of this.sfn.started.splice(0)) {
      this.executions.push({
        name: s.name,
        input: RevocationInputSchema.parse(JSON.parse(s.input)),
        startedAt: this.now().toISOString(),
        state: 'verify',
        round: 0,
        retries: {},
        twoPhase: false,
      });
    }
  }

  /** Lets everything settle (settleInFlight), then the next rotation window of each secret that needs one comes. */
  async settle(): Promise<void> {
    await this.settleInFlight();
    await this.nextRotationWindows();
  }

  /**
   * Lets everything in flight finish without faults: rotations, redeliveries, executions; then an operator retries
   * each revocation that failed (as the `revocation-failed` alert asks), and the new executions finish too. All of
   * this happens within the exposure bound; no rotation schedule fires.
   */
  async settleInFlight(): Promise<void> {
    for (let pass = 0; pass < 3; pass++) {
      for (let guard = 0; guard < 500; guard++) {
        this.adoptStarted();
        const secret = this.secrets.find((s) => this.runs.has(s.name));
        if (secret) await this.advanceRotation(secret);
        else if (this.redeliveries.length > 0) await this.redeliver();
        else if (this.executions.some((e) => !e.end)) await this.advanceExecution(0);
        else break;
      }
      const failed = this.executions.filter((e) => e.end === 'RevocationFailed' && !e.name.includes('-retried'));
      if (failed.length === 0) return;
      for (const e of failed) {
        this.operatorRetries.push(e.failedWith ?? 'unknown');
        Object.assign(e, { name: `${e.name}-retried` });
        this.executions.push({
          ...e,
          name: `${e.name}-r`,
          state: 'verify',
          round: 0,
          retries: {},
          end: undefined,
          failedWith: undefined,
        });
      }
    }
  }

  /**
   * Secrets Manager gave a rotation up: the secret's next rotation window comes (or the operator, told by the
   * RotationFailed alarm, rotates again as the runbook says), and a stale AWSPENDING is reattempted then. Each
   * such rotation, and what it starts, settles before the next.
   */
  async nextRotationWindows(): Promise<void> {
    for (let guard = 0; guard < 20; guard++) {
      const due = this.secrets.find(
        (s) =>
          this.gaveUp.has(s.name) ||
          Object.values(this.stages(s.name)).some((l) => l.includes('AWSPENDING') && !l.includes('AWSCURRENT')),
      );
      if (!due) return;
      this.gaveUp.delete(due.name);
      await this.schedule(due);
      await this.settleInFlight();
    }
  }

  /** The key a secret's version holds, read around every fault. */
  valueOf(secretName: string, versionId: string): SecretValue | undefined {
    const v = this.sm.secrets.get(secretName)?.versions.get(versionId);
    return v ? (JSON.parse(v.secretString) as SecretValue) : undefined;
  }

  stages(secretName: string): Record<string, string[]> {
    const s = this.sm.secrets.get(secretName);
    return s ? this.sm.stagesOf(s) : {};
  }

  /** True if the provider accepts the key now. */
  accepts(secret: ManagedSecret, versionId: string, value: SecretValue): boolean {
    if (secret.provider === 'http') return this.http.isLive(value.apiKey);
    return (this.stages(secret.name)[versionId] ?? []).length > 0 && /^rk_[A-Za-z0-9]{40}$/.test(value.apiKey);
  }
}

export function cmd(name: string, input: Record<string, unknown>): never {
  return { constructor: { name: `${name}Command` }, input } as never;
}
