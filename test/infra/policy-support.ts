import type { Template } from 'aws-cdk-lib/assertions';
import { expect } from 'vitest';

/** Helpers for the access-policy tests: find a secret's and a managed policy's logical ids in a template. */

export interface Statement {
  readonly Sid?: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/** The logical id of the secret named `name`. */
export function secretId(template: Template, name: string): string {
  const [id] = Object.entries(template.findResources('AWS::SecretsManager::Secret')).find(
    ([, r]) => r.Properties?.Name === name,
  ) ?? [undefined];
  if (!id) throw new Error(`no secret named ${name}`);
  return id;
}

/** The one managed policy whose logical id starts with `prefix` (as the local stack finds it), and its statements. */
export function managedPolicy(template: Template, prefix: string): { id: string; statements: Statement[] } {
  const entries = Object.entries(template.findResources('AWS::IAM::ManagedPolicy')).filter(([id]) =>
    id.startsWith(prefix),
  );
  expect(entries.map(([id]) => id)).toHaveLength(1);
  const [id, resource] = entries[0] as [string, { Properties: { PolicyDocument: { Statement: Statement[] } } }];
  return { id, statements: resource.Properties.PolicyDocument.Statement };
}

/** Every `Ref` a value names. */
export const refsIn = (value: unknown): string[] => JSON.stringify(value).match(/(?<="Ref":")[^"]+/g) ?? [];
