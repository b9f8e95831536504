import { afterEach, describe, expect, it } from 'vitest';
import { ENV } from '../../../contract';
import { fromEnvironment as githubWebhook } from '../../../lambdas/github-webhook/index';
import { fromEnvironment as intake } from '../../../lambdas/intake/index';
import { fromEnvironment as keyReport } from '../../../lambdas/key-report/index';
import { fromEnvironment as revocation } from '../../../lambdas/revocation/index';
import { fromEnvironment as rotation } from '../../../lambdas/rotation/index';
import { fullTemplate, functionsByHandler, HANDLERS, type HandlerDir } from './support';

const CONTRACT_NAMES = new Set<string>(Object.values(ENV));
/** What RekeyFunction sets for the Lambda runtime and Powertools, not for rekey's own code to look up. */
const PLATFORM_NAMES = new Set(['NODE_OPTIONS', 'POWERTOOLS_SERVICE_NAME']);

const BUILDERS: Record<HandlerDir, () => unknown> = {
  rotation,
  intake,
  revocation,
  'github-webhook': githubWebhook,
  'key-report': keyReport,
};

const saved = process.env;
afterEach(() => {
  process.env = saved;
});

/**
 * Runs a handler's builder in an environment holding exactly what the template sets for its function (each value a
 * placeholder, as the tokens resolve only at deploy time) and records every REKEY_ variable it looks up.
 */
function readsOf(dir: HandlerDir, templateEnv: Record<string, unknown>): { reads: Set<string>; error?: unknown } {
  const reads = new Set<string>();
  const base = Object.fromEntries(Object.entries(saved).filter(([name]) => !name.startsWith('REKEY_')));
  const values = Object.fromEntries(Object.keys(templateEnv).map((name) => [name, `placeholder-${name}`]));
  process.env = new Proxy(
    { ...base, ...values },
    {
      get(target, name, receiver) {
        if (typeof name === 'string' && (name.startsWith('REKEY_') || CONTRACT_NAMES.has(name))) reads.add(name);
        return Reflect.get(target, name, receiver);
      },
    },
  ) as NodeJS.ProcessEnv;
  try {
    BUILDERS[dir]();
    return { reads };
  } catch (error) {
    return { reads, error };
  } finally {
    process.env = saved;
  }
}

describe('the environment between the constructs and the handlers', () => {
  const functions = functionsByHandler(fullTemplate());

  it('synthesizes one function per handler', () => {
    expect([...functions.keys()].sort()).toEqual([...HANDLERS].sort());
  });

  it.each(HANDLERS)('sets on the %s function only variables the contract names', (dir) => {
    const names = Object.keys(functions.get(dir)?.env ?? {});

    expect(names.filter((name) => !CONTRACT_NAMES.has(name) && !PLATFORM_NAMES.has(name))).toEqual([]);
  });

  it.each(HANDLERS)('sets every variable the %s handler reads, so it builds without a configuration error', (dir) => {
    const templateEnv = functions.get(dir)?.env ?? {};

    const { reads, error } = readsOf(dir, templateEnv);

    expect(error).toBeUndefined();
    expect(reads.size).toBeGreaterThan(0);
    expect([...reads].filter((name) => !(name in templateEnv))).toEqual([]);
    expect([...reads].filter((name) => !CONTRACT_NAMES.has(name))).toEqual([]);
  });

  it('would catch a variable the template leaves out: the rotation handler refuses to build without its table', () => {
    const templateEnv = { ...functions.get('rotation')?.env };
    delete templateEnv[ENV.inventoryTable];

    const { error } = readsOf('rotation', templateEnv);

    expect(String(error)).toContain(`environment variable ${ENV.inventoryTable} is not set`);
  });
});
