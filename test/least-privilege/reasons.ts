/**
 * Grants of the synthesized stack that no call in the test suite uses, each with the reason it stays. A label is
 * `<role> <action> <resource as the template writes it>` (local/iam/usage.ts). An entry here for a grant that is
 * used, or gone, fails the check too: the list stays true.
 */
export const UNUSED_GRANT_REASONS: Readonly<Record<string, string>> = {};
