import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { thrownAt } from '../../../lambdas/common/errors';

describe('thrownAt', () => {
  it('names the frames a JSON SyntaxError came from, and nothing of the text it quotes', () => {
    const canary = `sk-ant-api03-${randomBytes(24).toString('hex')}`;
    let caught: unknown;
    try {
      JSON.parse(`{"apiKey":"${canary}`);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SyntaxError);
    const where = thrownAt(caught);
    expect(where).toMatch(/^JSON\.parse/);
    expect(where).toContain('thrown-at.test.ts:');
    expect(where).not.toContain(canary.slice(0, 20));
    expect(where).not.toContain('/work/');
  });

  it('keeps at most the frames asked for, and answers empty for what has no stack', () => {
    const err = new Error('x');
    expect(thrownAt(err, 2).split(' < ')).toHaveLength(2);
    expect(thrownAt('a string')).toBe('');
    const noStack = new Error('y');
    noStack.stack = undefined;
    expect(thrownAt(noStack)).toBe('');
  });
});
