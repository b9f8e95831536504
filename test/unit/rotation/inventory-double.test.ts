import { describe, expect, it } from 'vitest';
import { Inventory, type KeyStatus } from '../../../lambdas/common/inventory';
import { MemoryInventory as IntakeInventory } from '../intake/support';
import { FakeProvider, mockedAws } from '../revocation/support';
import { MemoryInventory, SECRET, TOKEN } from './support';

/**
 * The inventory the unit tests run on is the real Inventory over the shared fake DynamoDB, never a copy of its
 * rules: here the rule a copy once dropped, that a half-revoked (`deactivated`) key only finishes its revocation.
 */

interface Double {
  readonly inventory: Inventory;
  readonly statusOf: (versionId: string) => KeyStatus | undefined;
}

const revocationDouble = (): Double => {
  const aws = mockedAws();
  aws.reset();
  return {
    inventory: aws.deps(new FakeProvider()).inventory,
    statusOf: (versionId) => aws.state.items.get(versionId)?.status,
  };
};

const doubles: { readonly name: string; readonly make: () => Double }[] = [
  {
    name: 'the rotation tests’ inventory',
    make: () => {
      const inventory = new MemoryInventory();
      return { inventory, statusOf: (v) => inventory.statusOf(SECRET, v) };
    },
  },
  {
    name: 'the intake tests’ inventory',
    make: () => {
      const inventory = new IntakeInventory();
      return { inventory, statusOf: (v) => inventory.statusOf(SECRET, v) };
    },
  },
  { name: 'the revocation tests’ inventory', make: revocationDouble },
];

const NOT_REVOKED: readonly KeyStatus[] = ['requested', 'pending', 'current', 'previous', 'deactivated', 'abandoned'];

describe.each(doubles)('$name', ({ make }) => {
  it('is the real Inventory, with its own transition', () => {
    const { inventory } = make();

    expect(inventory).toBeInstanceOf(Inventory);
    expect(inventory.transition).toBe(Inventory.prototype.transition);
  });

  it('moves a deactivated key to revoked and to nothing else', async () => {
    const { inventory, statusOf } = make();
    await inventory.transition(SECRET, TOKEN, 'previous', 'rotated');
    expect(await inventory.transition(SECRET, TOKEN, 'deactivated', 'phase 1')).toBe(true);

    const refused = await Promise.all(
      NOT_REVOKED.map(async (status) => [status, await inventory.transition(SECRET, TOKEN, status, 'replay')]),
    );
    const statusAfterRefusals = statusOf(TOKEN);
    const revoked = await inventory.transition(SECRET, TOKEN, 'revoked', 'phase 2');

    expect(refused).toEqual(NOT_REVOKED.map((status) => [status, false]));
    expect(statusAfterRefusals).toBe('deactivated');
    expect(revoked).toBe(true);
    expect(statusOf(TOKEN)).toBe('revoked');
    expect((await inventory.getVersion(SECRET, TOKEN))?.history.map((h) => h.status)).toEqual([
      'previous',
      'deactivated',
      'revoked',
    ]);
  });
});
