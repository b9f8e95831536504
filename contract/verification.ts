/**
 * The revocation workflow's verification defaults, in seconds: the config's `verification` (lib/config.ts), the
 * construct's VerificationSettings (lib/revocation-workflow.ts) and the CLI's deadlines (packages/cli/src/waits.ts).
 */
export const VERIFICATION_DEFAULTS = {
  /** Wait before verifying a scheduled rotation: every agent's hourly (±10%, so at most 66 min) fallback poll, plus a margin. 75 min. */
  scheduledWaitSeconds: 4500,
  /** Wait before verifying an emergency rotation, and between rounds of an abuse one. */
  emergencyWaitSeconds: 60,
  /** Verification rounds before a scheduled revocation gives up or an emergency one revokes anyway. */
  maxRounds: 6,
  /** How long the old key must show no use, where the provider reports last use, to prove the fleet moved. 30 min. */
  quietPeriodSeconds: 1800,
  /** Grace between deactivating and deleting where the provider has two phases. 1 hour. */
  deleteGraceSeconds: 3600,
} as const;
