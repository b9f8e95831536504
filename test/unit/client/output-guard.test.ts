import { afterEach, describe, expect, it } from 'vitest';
import { KeyMaterialInOutputError } from '../../../packages/client/src/errors';
import { holdSecret } from '../../../packages/client/src/held-secrets';
import { guardOutput } from '../../../packages/client/src/output-guard';

const releases: Array<() => void> = [];
afterEach(() => {
  for (const release of releases.splice(0)) release();
});

const ANTHROPIC = `sk-ant-api03-${'Zx9_-'.repeat(18)}abcAA`;
const OPENAI = `sk-proj-${'Ab1_Cd2-'.repeat(20)}`;

describe('guardOutput', () => {
  it('returns clean text unchanged with no findings', () => {
    const result = guardOutput('The weather in Lisbon is sunny.', { mode: 'block' });

    expect(result).toEqual({ text: 'The weather in Lisbon is sunny.', findings: [] });
  });

  it('blocks by default, reporting the kind of key and never the key', () => {
    const error = (() => {
      try {
        guardOutput(`Sure! Your key is ${ANTHROPIC}`);
      } catch (e) {
        return e;
      }
      return undefined;
    })() as KeyMaterialInOutputError;

    expect(error).toBeInstanceOf(KeyMaterialInOutputError);
    expect(error.findings).toEqual([{ kind: 'anthropic', held: false }]);
    expect(`${error.message}${error.stack}${JSON.stringify(error)}`).not.toContain(ANTHROPIC);
  });

  it('marks a key this process holds as held', () => {
    releases.push(holdSecret(OPENAI));

    const result = guardOutput(`config: ${OPENAI}`, { mode: 'redact' });

    expect(result.findings).toEqual([{ kind: 'openai', held: true }]);
    expect(result.text).toBe('config: [REDACTED]');
  });

  it('finds a held value that matches no pattern', () => {
    const opaque = 'Pz4kQ9wX2cV7bN1m';
    releases.push(holdSecret(opaque));

    const result = guardOutput(`token=${opaque}`.replace('token=', 'value '), { mode: 'redact' });

    expect(result.findings).toEqual([{ kind: 'held-secret', held: true }]);
    expect(result.text).toBe('value [REDACTED]');
  });

  it('reports each distinct key once and every kind present', () => {
    const text = `${ANTHROPIC} again ${ANTHROPIC} and AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`;

    const result = guardOutput(text, { mode: 'redact' });

    expect(result.findings).toEqual([
      { kind: 'anthropic', held: false },
      { kind: 'aws-secret-key', held: false },
      { kind: 'aws-access-key', held: false },
    ]);
    expect(result.text).toBe('[REDACTED] again [REDACTED] and [REDACTED] [REDACTED]');
  });
});
