import { createHash } from 'node:crypto';

/**
 * The fingerprint rekey uses to name a key without holding it: lowercase hex SHA-256 of the key's exact bytes.
 * Scanners, the inventory and `rekey report-leak` all compute it the same way, so only the fingerprint ever
 * crosses the wire.
 */
export function fingerprint(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * The redacted form providers show in consoles and scanners print: the key's prefix (up to the last '-' or '_'
 * within the first 12 characters, else its first 4 characters) and its last 4 characters, e.g. `sk-proj-…a1B2`.
 * Never enough to use the key; enough to match a finding to a key when it is unique.
 */
export function keyHint(key: string): string {
  const head = key.slice(0, 12);
  const cut = Math.max(head.lastIndexOf('-'), head.lastIndexOf('_'));
  const prefix = cut >= 0 ? head.slice(0, cut + 1) : key.slice(0, 4);
  return `${prefix}…${key.slice(-4)}`;
}
