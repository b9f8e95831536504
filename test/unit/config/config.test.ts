import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../../../lib/config';
import { parseSchedule } from '../../../lib/managed-key';

const minimal = { keys: [{ name: 'agents/a', provider: 'generated' }] };

function errorOf(input: unknown): ConfigError {
  try {
    parseConfig(input);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('the deploy configuration', () => {
  it('fills documented defaults into a minimal config', () => {
    const config = parseConfig(minimal);
    expect(config).toMatchObject({
      stackName: 'Rekey',
      secretPrefix: 'rekey/',
      verification: { scheduledWaitSeconds: 4500, emergencyWaitSeconds: 60, maxRounds: 6 },
    });
    expect(config.keys[0]).toMatchObject({
      schedule: 'rate(30 days)',
      fleets: [],
      options: { length: 40, prefix: 'rk_' },
    });
  });

  it('names the field, the limit and the value of a schedule shorter than Secrets Manager allows', () => {
    const err = errorOf({ keys: [{ name: 'a', provider: 'generated', schedule: 'rate(2 hours)' }] });
    expect(err.issues).toEqual(['keys[0].schedule: schedule must rotate at most every 4 hours, got rate(2 hours)']);
  });

  it('names an unknown fleet by its path', () => {
    const err = errorOf({ keys: [{ name: 'a', provider: 'generated', fleets: ['ghost'] }], fleets: [] });
    expect(err.issues).toContain('keys[0].fleets[0]: unknown fleet "ghost"');
  });

  it('refuses two keys with the same name', () => {
    const err = errorOf({ keys: [minimal.keys[0], minimal.keys[0]] });
    expect(err.issues).toContain('keys[1].name: duplicate key name "agents/a"');
  });

  it('requires the provider-specific options and admin secret', () => {
    const err = errorOf({ keys: [{ name: 'a', provider: 'openai', options: {} }] });
    expect(err.message).toContain('keys[0].options.projectId');
    expect(err.message).toContain('keys[0].adminSecretName');
  });

  it('rejects unknown fields rather than ignoring a typo', () => {
    const err = errorOf({ ...minimal, fleet: [] });
    expect(err.message).toMatch(/\(root\): Unrecognized key: "fleet"/);
  });

  it('reports a file that is not JSON with its path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rekey-config-'));
    try {
      const file = join(dir, 'bad.json');
      writeFileSync(file, '{ keys: ');
      expect(() => loadConfig(file)).toThrow(new RegExp(`config file ${file} is not JSON`));
      expect(() => loadConfig(join(dir, 'missing.json'))).toThrow(/cannot read config file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('turns rate and cron schedules into what the rotation schedule takes', () => {
    expect(parseSchedule('rate(4 hours)').every?.toHours()).toBe(4);
    expect(parseSchedule('rate(30 days)').every?.toDays()).toBe(30);
    expect(parseSchedule('cron(0 4 ? * MON *)')).toEqual({ cron: 'cron(0 4 ? * MON *)' });
    expect(() => parseSchedule('rate(3 hours)')).toThrow(
      'schedule must rotate at most every 4 hours, got rate(3 hours)',
    );
  });
});

describe('the concurrency settings', () => {
  it('takes the intake and rotation concurrency, and leaves them to the constructs when absent', () => {
    const cfg = parseConfig({
      ...minimal,
      intake: { concurrency: 40, workerConcurrency: 30 },
      maxConcurrentRotations: 25,
    });
    expect(cfg.intake).toMatchObject({ concurrency: 40, workerConcurrency: 30 });
    expect(cfg.maxConcurrentRotations).toBe(25);
    expect(parseConfig(minimal).intake.concurrency).toBeUndefined();
  });

  it('refuses workers above the intake concurrency, and rotations above 100, naming the field', () => {
    expect(errorOf({ ...minimal, intake: { workerConcurrency: 30 } }).issues).toEqual([
      'intake.workerConcurrency: must be at most intake.concurrency (20)',
    ]);
    expect(errorOf({ ...minimal, maxConcurrentRotations: 101 }).issues[0]).toMatch(/^maxConcurrentRotations: /);
  });
});
