import { beforeEach, describe, expect, it } from 'vitest';
import type { Inventory } from '../../../lambdas/common/inventory';
import { FindingSchema } from '../../../lambdas/intake/finding';
import { matchFinding } from '../../../lambdas/intake/match';
import { fingerprint, keyHint } from '../../../packages/client/src/fingerprint';
import { CURRENT, MemoryInventory, PREVIOUS, SECRET } from './support';

const KEY_A = 'rk_MatchTestKeyAAAAAAAAAAAAAAAAAAAAAAAAAAwxyz';
const KEY_B = 'rk_MatchTestKeyBBBBBBBBBBBBBBBBBBBBBBBBBBwxyz'; // same hint as KEY_A
const KEY_C = 'rk_MatchTestKeyCCCCCCCCCCCCCCCCCCCCCCCCCCabcd';
const OTHER_SECRET = 'rekey/agents/research';

let memory: MemoryInventory;
const inventory = () => memory as unknown as Inventory;
const finding = (fields: Record<string, unknown>) =>
  FindingSchema.parse({ findingId: 'f-1', source: 'test', ...fields });

beforeEach(() => {
  memory = new MemoryInventory();
  memory.put(SECRET, CURRENT, KEY_A, 'current', { keyId: 'kid-a' });
  memory.put(OTHER_SECRET, PREVIOUS, KEY_B, 'previous', { keyId: 'kid-b' });
  memory.put(SECRET, PREVIOUS, KEY_C, 'previous', { keyId: 'kid-c' });
});

describe('matching a finding to managed key versions', () => {
  it('matches by fingerprint first', async () => {
    const m = await matchFinding(finding({ fingerprint: fingerprint(KEY_C), keyId: 'kid-a' }), inventory());
    expect(m).toMatchObject({ by: 'fingerprint', ambiguous: false });
    expect(m.versions.map((v) => v.versionId)).toEqual([PREVIOUS]);
  });

  it('falls back to the provider key id when the fingerprint names nothing', async () => {
    const m = await matchFinding(finding({ fingerprint: fingerprint('rk_unknown'), keyId: 'kid-a' }), inventory());
    expect(m.by).toBe('keyId');
    expect(m.versions.map((v) => [v.secretName, v.versionId])).toEqual([[SECRET, CURRENT]]);
  });

  it('matches a unique hint', async () => {
    const m = await matchFinding(finding({ keyHint: keyHint(KEY_C) }), inventory());
    expect(m).toMatchObject({ by: 'keyHint', ambiguous: false });
    expect(m.versions).toHaveLength(1);
  });

  it('treats an ambiguous hint as exposing every candidate', async () => {
    expect(keyHint(KEY_A)).toBe(keyHint(KEY_B));
    const m = await matchFinding(finding({ keyHint: keyHint(KEY_A) }), inventory());
    expect(m).toMatchObject({ by: 'keyHint', ambiguous: true });
    expect(m.versions.map((v) => v.secretName).sort()).toEqual([OTHER_SECRET, SECRET].sort());
  });

  it('matches nothing when nothing it names is in the inventory', async () => {
    const m = await matchFinding(
      finding({ fingerprint: fingerprint('rk_nope'), keyId: 'kid-x', keyHint: 'rk_…zzzz' }),
      inventory(),
    );
    expect(m).toEqual({ versions: [], ambiguous: false });
  });
});
