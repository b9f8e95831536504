import { InvalidEventError } from '../common/errors';
import * as z from '../common/zod';

export type RotationStep = 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';

const STEP_ALIASES: Readonly<Record<string, RotationStep>> = {
  createSecret: 'createSecret',
  create_secret: 'createSecret',
  setSecret: 'setSecret',
  set_secret: 'setSecret',
  testSecret: 'testSecret',
  test_secret: 'testSecret',
  finishSecret: 'finishSecret',
  finish_secret: 'finishSecret',
};

/** The event Secrets Manager sends a rotation function. */
const RotationEventSchema = z.looseObject({
  Step: z.string(),
  SecretId: z.string().check(z.minLength(1)),
  ClientRequestToken: z.string().check(z.minLength(32), z.maxLength(64)),
  RotationToken: z.optional(z.string()),
});

export interface RotationEvent {
  readonly step: RotationStep;
  readonly secretId: string;
  readonly token: string;
}

/** Validates and normalises a rotation event (camelCase or snake_case step names). */
export function parseRotationEvent(event: unknown): RotationEvent {
  const parsed = RotationEventSchema.safeParse(event);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new InvalidEventError(`rotation event is not valid: ${issues.join('; ')}`, issues);
  }
  const step = STEP_ALIASES[parsed.data.Step];
  if (!step) throw new InvalidEventError(`unknown rotation step "${parsed.data.Step.slice(0, 40)}"`);
  return { step, secretId: parsed.data.SecretId, token: parsed.data.ClientRequestToken };
}
