/**
 * How a managed secret names the fleets told about it, shared by the constructs (which tag the secrets declared in
 * the config), the enroll function (which tags the secrets it enrols) and every function that publishes a fleet
 * notification (which reads the tags back from DescribeSecret and sends them as the `fleets` attribute).
 *
 * One tag per fleet, `rekey:fleet:<fleet>` = `true`: a secret may serve several fleets, tag keys stay within
 * Secrets Manager's 128 characters (fleet names are at most 64), and a fleet is never a substring match of another.
 */
export const FLEET_TAG = {
  keyPrefix: 'rekey:fleet:',
  value: 'true',
} as const;

/** A fleet name: what a fleet's tag key, queue name, policy names and notification attribute carry. */
export const FLEET_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export const fleetTagKey = (fleet: string): string => `${FLEET_TAG.keyPrefix}${fleet}`;

/** The fleets a secret's tags name, sorted, each once; tags of another shape are ignored. */
export function fleetsFromTags(tags: ReadonlyArray<{ Key?: string; Value?: string }> | undefined): string[] {
  const fleets = new Set<string>();
  for (const tag of tags ?? []) {
    if (!tag.Key?.startsWith(FLEET_TAG.keyPrefix) || tag.Value !== FLEET_TAG.value) continue;
    const fleet = tag.Key.slice(FLEET_TAG.keyPrefix.length);
    if (FLEET_NAME.test(fleet)) fleets.add(fleet);
  }
  return [...fleets].sort();
}
