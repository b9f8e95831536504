import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../lib/config';
import { CONFIG_SCHEMA_PATH, configJsonSchema } from '../../../local/config-schema';
import { memoryWriter } from '../../../packages/cli/src/output';
import { createProgram } from '../../../packages/cli/src/program';
import { RUNBOOK_PATH, runbookCommand, runbookSections } from '../../../packages/cli/src/runbook';
import { fakeCli } from './support';

const root = join(__dirname, '..', '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** Every property name the schema declares, at any depth. */
function propertyNames(schema: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const s of schema) propertyNames(s, into);
  else if (schema && typeof schema === 'object') {
    const obj = schema as Record<string, unknown>;
    if (obj.properties && typeof obj.properties === 'object') {
      for (const name of Object.keys(obj.properties)) into.add(name);
    }
    for (const value of Object.values(obj)) propertyNames(value, into);
  }
  return into;
}

describe('docs/config.schema.json', () => {
  it('is the schema lib/config.ts generates (npm run config-schema)', () => {
    const committed = JSON.parse(readFileSync(CONFIG_SCHEMA_PATH, 'utf8')) as unknown;

    expect(committed).toEqual(configJsonSchema());
  });
});

describe('docs/configuration.md', () => {
  it('documents every field of the schema', () => {
    const doc = read('docs/configuration.md');
    const names = [...propertyNames(configJsonSchema())];

    const missing = names.filter((name) => !doc.includes(`\`${name}\``) && !doc.includes(`.${name}\``));

    expect(names.length).toBeGreaterThan(30);
    expect(missing).toEqual([]);
  });

  it('has example configs for two accounts that validate', () => {
    const configs = ['production', 'staging'].map((name) =>
      loadConfig(join(root, `docs/examples/accounts/${name}.json`)),
    );

    expect(new Set(configs.map((c) => c.env?.account)).size).toBe(2);
    expect(new Set(configs.map((c) => c.stackName)).size).toBe(2);
  });
});

describe('docs/examples/kubernetes', () => {
  it('syncs the secret with ESO and mounts the whole volume where the client watches it', () => {
    const eso = read('docs/examples/kubernetes/external-secret.yaml');
    const deployment = read('docs/examples/kubernetes/deployment.yaml');
    const agent = read('docs/examples/kubernetes/agent.ts');

    expect(eso).toContain('kind: ExternalSecret');
    expect(eso).toContain('property: apiKey');
    expect(deployment).toContain('mountPath: /var/run/secrets/rekey');
    expect(deployment).not.toMatch(/^\s*subPath:/m);
    expect(agent).toContain("file: process.env.REKEY_SECRET_FILE ?? '/var/run/secrets/rekey/apiKey'");
    expect(existsSync(join(root, 'docs/examples/kubernetes/README.md'))).toBe(true);
  });
});

describe('docs/architecture.md', () => {
  it('draws the four parts in a mermaid diagram', () => {
    const doc = read('docs/architecture.md');
    const diagram = /```mermaid\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';

    for (const part of ['Rotation function', 'Exposure intake', 'Fleet notifications', 'Revocation workflow']) {
      expect(diagram).toContain(part);
    }
  });
});

describe('docs/RUNBOOK.md', () => {
  const sections = runbookSections(readFileSync(RUNBOOK_PATH, 'utf8'));

  it('has the incident topics rekey runbook offers', () => {
    expect(sections.map((s) => s.topic)).toEqual([
      'intro',
      'exposed',
      'rotation-failed',
      'revocation-failed',
      'anthropic-due',
      'quota-share',
      'verify',
      'permissions',
    ]);
  });

  it('uses only commands and options the CLI has', () => {
    const program = createProgram(fakeCli().deps);
    const commands = new Map(program.commands.map((c) => [c.name(), c]));
    const globals = new Set(program.options.map((o) => o.long));
    const text = sections.map((s) => s.text).join('\n');
    // Commands as the runbook shows them: in fenced blocks and in `inline code`.
    const code = [
      ...text.matchAll(/```[a-z]*\n([\s\S]*?)```/g),
      ...text.replace(/```[\s\S]*?```/g, '').matchAll(/`([^`\n]+)`/g),
    ]
      .map((m) => m[1])
      .join('\n');

    const uses = [...code.matchAll(/\brekey ([a-z-]+)([^\n|#]*)/g)];
    expect(uses.length).toBeGreaterThan(15);
    for (const [, name, rest] of uses.filter(([, name]) => !name?.startsWith('-'))) {
      const command = commands.get(name as string);
      expect(command, `rekey ${name}`).toBeDefined();
      for (const [flag] of (rest ?? '').matchAll(/--[a-z-]+/g)) {
        const known =
          command?.options.some((o) => o.long === flag || o.long === flag.replace(/^--no-/, '--')) || globals.has(flag);
        expect(known, `rekey ${name} ${flag}`).toBe(true);
      }
    }
  });

  it('prints one topic with rekey runbook <topic>', () => {
    const out = memoryWriter();

    const [section] = runbookCommand(out, { topic: 'anthropic-due' });

    expect(section?.title).toBe('An Anthropic key is due');
    expect(out.stdout[0]).toMatch(/^## An Anthropic key is due\n/);
    expect(out.stdout[0]).toContain('pbpaste | rekey put agents/research/anthropic');
  });
});
