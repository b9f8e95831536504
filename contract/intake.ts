/**
 * The intake function's timeout. The stack sets it (lib/exposure-intake.ts); a worker that meets a finding still in
 * progress in another delivery puts its message back for this long, after which that delivery has ended, done or
 * not (lambdas/intake/fan-out.ts).
 */
export const INTAKE_TIMEOUT_SECONDS = 30;
