import type { Inventory, KeyVersionItem } from '../common/inventory';
import type { Finding } from './finding';

export type MatchedBy = 'fingerprint' | 'keyId' | 'keyHint';

export interface Match {
  /** How the finding named the key; absent when nothing matched. */
  readonly by?: MatchedBy;
  /** Every managed key version the finding names. */
  readonly versions: readonly KeyVersionItem[];
  /** True when a hint named more than one version: each of them is treated as exposed. */
  readonly ambiguous: boolean;
}

/**
 * Finds the managed key versions a finding names, by the strongest evidence it carries: the fingerprint (the key
 * itself), then the provider's key id, then the redacted hint. A hint that names several versions exposes every
 * one of them: rekey cannot tell which one leaked, and rotating one key too many costs nothing.
 */
export async function matchFinding(finding: Finding, inventory: Inventory): Promise<Match> {
  if (finding.fingerprint) {
    const hits = keyVersions(await inventory.findByFingerprint(finding.fingerprint));
    if (hits.length > 0) return { by: 'fingerprint', versions: hits, ambiguous: false };
  }
  if (finding.keyId) {
    const hits = keyVersions(await inventory.findByKeyId(finding.keyId));
    if (hits.length > 0) return { by: 'keyId', versions: hits, ambiguous: false };
  }
  if (finding.keyHint) {
    const hits = keyVersions(await inventory.findByHint(finding.keyHint));
    if (hits.length > 0) return { by: 'keyHint', versions: hits, ambiguous: hits.length > 1 };
  }
  return { versions: [], ambiguous: false };
}

/** Only key version items (an index may one day hold other items), each once. */
function keyVersions(items: readonly KeyVersionItem[]): KeyVersionItem[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    if (!item.sk?.startsWith('VERSION#') || !item.secretName || !item.versionId) return false;
    const id = `${item.secretName}\n${item.versionId}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
