import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { fleetTagKey } from '../../contract';
import { KeyProvider, ManagedKey } from '../../lib';

const outdir = mkdtempSync(join(tmpdir(), 'rekey-managed-key-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** A ManagedKey on its own names its fleets by tagging its secret (contract/fleets.ts), as enrolment will. */
const keyWith = (fleets?: readonly string[]) => {
  const stack = new Stack(new App({ outdir }), 'Alone', { env: { account: '111111111111', region: 'eu-west-1' } });
  const rotationFunction = new lambda.Function(stack, 'Rotation', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {};'),
  });
  const key = new ManagedKey(stack, 'Key', {
    secretName: 'rekey/k',
    provider: KeyProvider.generated(),
    rotationFunction,
    ...(fleets ? { fleets } : {}),
  });
  return { key, template: () => Template.fromStack(stack) };
};
const tagsOf = (template: Template) =>
  Object.values(template.findResources('AWS::SecretsManager::Secret')).map(
    (s) => (s as { Properties: { Tags?: unknown } }).Properties.Tags,
  );

describe('ManagedKey fleets', () => {
  it('tags its secret rekey:fleet:<fleet> = true once per fleet, sorted', () => {
    const { key, template } = keyWith(['support', 'research', 'support']);

    expect(key.fleets).toEqual(['research', 'support']);
    expect(tagsOf(template())).toEqual([
      [
        { Key: fleetTagKey('research'), Value: 'true' },
        { Key: fleetTagKey('support'), Value: 'true' },
      ],
    ]);
  });

  it('tags nothing for a key told to no fleet', () => {
    expect(tagsOf(keyWith().template())).toEqual([undefined]);
  });

  it('refuses a fleet name a tag or an alias cannot carry, naming the prop and the value', () => {
    expect(() => keyWith(['ok', 'has space'])).toThrow(
      'fleets[1] must be 1 to 64 letters, digits, _ and -, got "has space"',
    );
  });
});
