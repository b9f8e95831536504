import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GrantUse } from '../../local/emulator/iam/usage';
import { USAGE_DIR_ENV } from '../../local/emulator/iam/usage';
import { REDUNDANT_GRANT_REASONS, UNUSED_GRANT_REASONS } from './reasons';

/**
 * Runs after the rest of the suite (`npm test` runs it second, with the same REKEY_IAM_USAGE_DIR): every local
 * deployment the suite made wrote which of the template's grants its calls used. A grant no call used in the whole
 * suite must have a written reason in reasons.ts, or be removed.
 */
const dir = process.env[USAGE_DIR_ENV] ?? '.rekey/iam-usage';

/** Every grant label of every deployment: whether some call used it, and whether some call needed it. */
function collectAll(): Map<string, { used: boolean; needed: boolean }> {
  const uses = new Map<string, { used: boolean; needed: boolean }>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    for (const u of JSON.parse(readFileSync(join(dir, file), 'utf8')) as GrantUse[]) {
      const seen = uses.get(u.label) ?? { used: false, needed: false };
      uses.set(u.label, { used: seen.used || u.used, needed: seen.needed || u.needed === true });
    }
  }
  return uses;
}

const collect = () => new Map([...collectAll()].map(([label, u]) => [label, u.used]));

describe('least privilege, measured over the whole suite', () => {
  it('finds the usage the suite recorded', () => {
    expect(existsSync(dir)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.json')).length).toBeGreaterThan(0);
  });

  it('leaves no granted permission unused without a written reason', () => {
    const uses = collect();
    const unused = [...uses].filter(([, used]) => !used).map(([label]) => label);
    const report = [...uses]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([label, used]) => `${used ? 'used  ' : UNUSED_GRANT_REASONS[label] ? 'reason' : 'UNUSED'} ${label}`);
    writeFileSync(join(dir, '..', 'iam-usage-report.txt'), `${report.join('\n')}\n`);
    console.log(`least privilege: ${uses.size} grants, ${unused.length} unused (report: .rekey/iam-usage-report.txt)`);

    const unexplained = unused.filter((label) => !UNUSED_GRANT_REASONS[label]);

    expect(unexplained).toEqual([]);
  });

  it('needs every grant it uses: taking any one out makes some call of the suite AccessDenied', () => {
    const uses = [...collectAll()].filter(([, u]) => u.used);
    const redundant = uses.filter(([label, u]) => !u.needed && !REDUNDANT_GRANT_REASONS[label]).map(([label]) => label);
    console.log(`least privilege: ${uses.length} used grants, ${uses.length - redundant.length} proved needed`);

    expect(redundant).toEqual([]);
  });

  it('keeps no reason for a grant the stack no longer has', () => {
    const uses = collect();
    const stale = Object.keys(UNUSED_GRANT_REASONS).filter((label) => !uses.has(label));
    const nowUsed = Object.keys(UNUSED_GRANT_REASONS).filter((label) => uses.get(label) === true);
    if (nowUsed.length > 0)
      console.log(`least privilege: ${nowUsed.length} grants with a reason are now used; drop them`);

    expect(stale).toEqual([]);
  });
});
