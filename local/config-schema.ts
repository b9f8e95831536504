import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { RekeyConfigSchema } from '../lib/config';

/**
 * docs/config.schema.json: the JSON Schema of the config file, generated from lib/config.ts's zod schema (the one
 * source) as the file's author writes it (`io: 'input'`: fields with defaults are optional). Editors use it through
 * their JSON schema settings (the config is strict, so it cannot name its own `$schema`). `npm run config-schema` rewrites it;
 * `npm run config-schema -- --check` fails if it is stale (the unit tests check the same).
 */

export const CONFIG_SCHEMA_PATH = join(__dirname, '..', 'docs', 'config.schema.json');

export function configJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(RekeyConfigSchema, { io: 'input' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: 'rekey configuration',
    description:
      'The keys rekey manages in one AWS account and region, how each rotates, and which agent fleets hear about it. ' +
      'Generated from lib/config.ts by `npm run config-schema`; see docs/configuration.md.',
    ...rest,
  };
}

/** The file's text, formatted by the project's formatter (Biome) so `biome check` leaves it as it is. */
export function renderConfigSchema(): string {
  const text = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
  const biome = join(__dirname, '..', 'node_modules', '.bin', 'biome');
  if (!existsSync(biome)) return text;
  const out = spawnSync(biome, ['format', `--stdin-file-path=${CONFIG_SCHEMA_PATH}`], {
    input: text,
    encoding: 'utf8',
  });
  return out.status === 0 && out.stdout ? out.stdout : text;
}

if (require.main === module) {
  const text = renderConfigSchema();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(CONFIG_SCHEMA_PATH, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (current !== text) {
      process.stderr.write(`${CONFIG_SCHEMA_PATH} is stale: run npm run config-schema\n`);
      process.exitCode = 1;
    }
  } else {
    writeFileSync(CONFIG_SCHEMA_PATH, text);
    process.stdout.write(`wrote ${CONFIG_SCHEMA_PATH}\n`);
  }
}
