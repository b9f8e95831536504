import { describe, expect, it } from 'vitest';
import { synthesizeCached } from '../../../local/emulator/synth';
import { synthesize } from '../../../local/emulator/synth-app';

const key = (name: string) => ({ name, provider: 'generated' as const, fleets: ['cache'] });
const config = { stackName: 'SynthCache', keys: [key('agents/cache')], fleets: [{ name: 'cache' }] };

describe('the synthesized-template cache', () => {
  it('returns what the CDK app synthesizes, from the cache the second time, and a new template for a new config', async () => {
    const fresh = synthesize(config);
    const first = await synthesizeCached(config);
    const second = await synthesizeCached(config);
    expect(first).toEqual(JSON.parse(JSON.stringify(fresh)));
    expect(second).toEqual(first);

    const other = await synthesizeCached({ ...config, keys: [key('agents/other')] });
    expect(JSON.stringify(other.template)).toContain('agents/other');
    expect(JSON.stringify(other.template)).not.toContain('agents/cache');
  });
});
