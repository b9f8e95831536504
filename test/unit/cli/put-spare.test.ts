import { describe, expect, it } from 'vitest';
import { main } from '../../../packages/cli/src/program';
import { fakeCli } from './support';

/** What `rekey put <key> --spare` hands to the spare command, and what it refuses. */

const SPARE = 'sk-ant-api03-canarysparecanarysparecanary';

const run = async (args: string[], stdin?: Parameters<typeof fakeCli>[0]) => {
  const cli = fakeCli(stdin);
  const spareCalls: unknown[] = [];
  const deps = {
    ...cli.deps,
    commands: {
      ...cli.deps.commands,
      putSpare: (async (_ctx: unknown, _writer: unknown, options: unknown) => {
        spareCalls.push(options);
        return {};
      }) as unknown as NonNullable<typeof cli.deps.commands.putSpare>,
    },
  };
  const code = await main(['node', 'rekey', ...args], deps);
  return { code, spareCalls, ...cli };
};

describe('rekey put --spare', () => {
  it('reads the spare from stdin and hands it to the spare pool, not to a rotation', async () => {
    const { code, spareCalls, calls } = await run(['put', 'agents/research/anthropic', '--spare'], `  ${SPARE}\n`);

    expect(code).toBe(0);
    expect(spareCalls).toEqual([{ key: 'agents/research/anthropic', apiKey: SPARE }]);
    expect(calls.map((c) => c.command)).not.toContain('put');
  });

  it('refuses the spare as an argument, and never echoes it', async () => {
    const { code, spareCalls, out } = await run(['put', 'k', '--spare', SPARE]);

    expect(code).toBe(2);
    expect(spareCalls).toEqual([]);
    expect(out.text()).not.toContain(SPARE);
  });
});
