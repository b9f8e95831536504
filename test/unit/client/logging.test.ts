import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { holdSecret } from '../../../packages/client/src/held-secrets';
import { stderrLogger } from '../../../packages/client/src/logger';
import { redactingDestination, redactingPinoOptions } from '../../../packages/client/src/logging';

const CANARY = 'Cn7rY3kE9vQ2mX5pL8wB';
const PATTERNED = `sk-ant-api03-${'CANARY'.repeat(15)}AA`;
const releases: Array<() => void> = [];

afterEach(() => {
  for (const release of releases.splice(0)) release();
});

function memoryStream(): { lines: string[]; write(line: string): void } {
  const lines: string[] = [];
  return { lines, write: (line) => void lines.push(line) };
}

function logEverything(logger: pino.Logger): void {
  logger.info(`connecting with ${CANARY}`);
  logger.info({ apiKey: CANARY, nested: { deeper: [PATTERNED] } }, 'request sent');
  logger.error({ err: new Error(`provider rejected ${CANARY}`, { cause: new Error(`inner ${PATTERNED}`) }) }, 'failed');
  logger.warn(new Error(`bare error ${CANARY}`));
}

describe('pino with the redacting destination', () => {
  it('never writes a held key or a key pattern, wherever it sits in the line', () => {
    releases.push(holdSecret(CANARY));
    const memory = memoryStream();
    const logger = pino({ level: 'info' }, redactingDestination(memory));

    logEverything(logger);

    const out = memory.lines.join('');
    expect(memory.lines).toHaveLength(4);
    expect(out).not.toContain(CANARY);
    expect(out).not.toContain('CANARY');
    expect(out).toContain('[REDACTED]');
  });
});

describe('pino with the redacting hooks and formatters', () => {
  it('scrubs messages, fields and errors before they are serialized', () => {
    releases.push(holdSecret(CANARY));
    const memory = memoryStream();
    const logger = pino({ level: 'info', ...redactingPinoOptions() }, memory);

    logEverything(logger);

    const out = memory.lines.join('');
    expect(memory.lines).toHaveLength(4);
    expect(out).not.toContain(CANARY);
    expect(out).not.toContain('CANARY');
    expect(JSON.parse(memory.lines[0] ?? '{}').msg).toBe('connecting with [REDACTED]');
  });

  it('would leak without redaction (the canary is really there)', () => {
    const memory = memoryStream();
    const logger = pino({ level: 'info' }, memory);

    logEverything(logger);

    expect(memory.lines.join('')).toContain(CANARY);
  });
});

describe('the default client logger', () => {
  it('writes redacted JSON lines for warnings and drops debug', () => {
    releases.push(holdSecret(CANARY));
    const lines: string[] = [];
    const logger = stderrLogger('warn', (line) => lines.push(line));

    logger.debug({ detail: 'x' }, 'debug line');
    logger.warn({ errorMessage: `bad ${CANARY}` }, 'refresh failed');

    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      level: 'warn',
      msg: 'refresh failed',
      errorMessage: 'bad [REDACTED]',
    });
  });
});
