import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { fingerprint } from '../../../packages/client/src/fingerprint';
import type { HttpFault } from './fake-http-provider';
import { currentIsAccepted } from './invariants';
import type { World } from './world';

/**
 * The model's commands (fast-check `AsyncCommand`s): scheduled rotations, rotation steps, findings naming the
 * current, previous, pending, a revoked or an unknown key, duplicate deliveries, redeliveries, revocation tasks and
 * provider failures, each with an optional crash at its Nth write. After every command the key AWSCURRENT names
 * must be accepted (the Crasher also checks it at every boundary inside the command).
 */

export interface Model {
  commands: number;
  violations: string[];
}

export type Target = 'current' | 'previous' | 'pending' | 'revoked' | 'unknown';

abstract class Step implements fc.AsyncCommand<Model, World> {
  check(): boolean {
    return true;
  }
  async run(model: Model, world: World): Promise<void> {
    model.commands++;
    await this.apply(world);
    for (const v of currentIsAccepted(world)) model.violations.push(`after ${this.toString()}: ${v}`);
  }
  abstract apply(world: World): Promise<void>;
  abstract toString(): string;
}

const crash = (n: number | null) => (n === null ? '' : ` crash@${n}`);

export class Schedule extends Step {
  constructor(readonly secret: number) {
    super();
  }
  apply(world: World) {
    return world.schedule(world.secrets[this.secret % world.secrets.length] as World['secrets'][number]);
  }
  toString() {
    return `schedule(${this.secret})`;
  }
}

export class AdvanceRotation extends Step {
  constructor(
    readonly secret: number,
    readonly crashAt: number | null,
  ) {
    super();
  }
  apply(world: World) {
    return world.advanceRotation(this.secret, this.crashAt ?? undefined);
  }
  toString() {
    return `rotationStep(${this.secret}${crash(this.crashAt)})`;
  }
}

export class Finding extends Step {
  constructor(
    readonly secret: number,
    readonly target: Target,
    readonly by: 'fingerprint' | 'keyId',
    readonly abuse: boolean,
    readonly crashAt: number | null,
  ) {
    super();
  }
  async apply(world: World) {
    const secret = world.secrets[this.secret % world.secrets.length] as World['secrets'][number];
    const stages = world.stages(secret.name);
    const secretObj = world.sm.secrets.get(secret.name);
    const versions = [...(secretObj?.versions.keys() ?? [])];
    const pick =
      this.target === 'revoked'
        ? versions.find((v) => !stages[v])
        : this.target === 'unknown'
          ? undefined
          : Object.entries(stages).find(
              ([, s]) =>
                s.includes(`AWS${this.target.toUpperCase()}`) &&
                !(this.target !== 'current' && s.includes('AWSCURRENT')),
            )?.[0];
    const value = pick ? world.valueOf(secret.name, pick) : undefined;
    const named = value
      ? this.by === 'keyId' && secret.provider === 'http'
        ? { keyId: value.keyId }
        : { fingerprint: fingerprint(value.apiKey) }
      : { fingerprint: fingerprint(`unknown-${randomUUID()}`) };
    const event = {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Secret Exposed',
      source: 'rekey.scanner',
      account: '123456789012',
      time: world.now().toISOString(),
      region: 'us-east-1',
      resources: [],
      detail: { findingId: `f-${randomUUID()}`, source: 'gitleaks', abuse: this.abuse, ...named },
    };
    await world.deliver(event, this.crashAt ?? undefined);
  }
  toString() {
    return `finding(${this.secret}, ${this.target}, ${this.by}${this.abuse ? ', abuse' : ''}${crash(this.crashAt)})`;
  }
}

export class Duplicate extends Step {
  constructor(
    readonly index: number,
    readonly crashAt: number | null,
  ) {
    super();
  }
  async apply(world: World) {
    if (world.delivered.length === 0) return;
    await world.deliver(world.delivered[this.index % world.delivered.length], this.crashAt ?? undefined);
  }
  toString() {
    return `duplicate(${this.index}${crash(this.crashAt)})`;
  }
}

export class Redeliver extends Step {
  constructor(readonly crashAt: number | null) {
    super();
  }
  apply(world: World) {
    return world.redeliver(this.crashAt ?? undefined);
  }
  toString() {
    return `redeliver(${crash(this.crashAt).trim()})`;
  }
}

export class AdvanceExecution extends Step {
  constructor(
    readonly index: number,
    readonly crashAt: number | null,
  ) {
    super();
  }
  apply(world: World) {
    return world.advanceExecution(this.index, this.crashAt ?? undefined);
  }
  toString() {
    return `revocationTask(${this.index}${crash(this.crashAt)})`;
  }
}

export class ProviderFaults extends Step {
  constructor(readonly faults: HttpFault[]) {
    super();
  }
  async apply(world: World) {
    world.http.faults.push(...this.faults);
  }
  toString() {
    return `providerFaults(${this.faults.map((f) => `${f.status}${f.afterEffect ? '!' : ''}`).join(',')})`;
  }
}

const crashAt = fc.option(fc.integer({ min: 1, max: 10 }), { freq: 2 });
const secretIndex = fc.nat(7);
const rotationStep = fc.tuple(secretIndex, crashAt).map(([s, c]) => new AdvanceRotation(s, c));
const revocationTask = fc.tuple(fc.nat(5), crashAt).map(([i, c]) => new AdvanceExecution(i, c));

/** Weighted by repetition: steps of rotations and revocations are the most frequent events. */
export const commandArbitraries = [
  secretIndex.map((s) => new Schedule(s)),
  secretIndex.map((s) => new Schedule(s)),
  rotationStep,
  rotationStep,
  rotationStep,
  rotationStep,
  fc
    .tuple(
      secretIndex,
      fc.constantFrom<Target>('current', 'current', 'previous', 'pending', 'revoked', 'unknown'),
      fc.constantFrom<'fingerprint' | 'keyId'>('fingerprint', 'keyId'),
      fc.boolean(),
      crashAt,
    )
    .map(([s, t, b, a, c]) => new Finding(s, t, b, a, c)),
  fc.tuple(fc.nat(20), crashAt).map(([i, c]) => new Duplicate(i, c)),
  crashAt.map((c) => new Redeliver(c)),
  revocationTask,
  revocationTask,
  revocationTask,
  fc
    .array(
      fc.oneof(
        fc.constant<HttpFault>({ status: 429 }),
        fc.constant<HttpFault>({ status: 503 }),
        fc.constant<HttpFault>({ status: 503, afterEffect: true }),
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map((f) => new ProviderFaults(f)),
];
