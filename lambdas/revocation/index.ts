import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { awsClients } from '../common/clients';
import { ENV, requireEnv } from '../common/env';
import { InvalidEventError } from '../common/errors';
import { Inventory } from '../common/inventory';
import { logger, releaseSecretValues } from '../common/logger';
import { RevocationInputSchema } from '../common/revocation';
import { providerRegistry } from '../providers';
import { confirm, finalize, type RevocationDeps, record, revoke, verify } from './tasks';

const TaskEventSchema = z.object({
  action: z.enum(['verify', 'revoke', 'confirm', 'finalize', 'record']),
  input: RevocationInputSchema,
  round: z.number().int().min(0).default(0),
});

function deps(): RevocationDeps {
  const aws = awsClients();
  return {
    sm: aws.sm,
    inventory: new Inventory(aws.doc, requireEnv(ENV.inventoryTable)),
    providerFor: providerRegistry({ secretsManager: aws.sm }),
    maxRounds: Number(process.env.REKEY_MAX_ROUNDS ?? '6'),
  };
}

/** The revocation workflow's task function: one action per state. */
export async function handler(event: unknown, context?: Context): Promise<unknown> {
  if (context) logger.addContext(context);
  const parsed = TaskEventSchema.safeParse(event);
  if (!parsed.success) {
    throw new InvalidEventError(
      'revocation task event is not valid',
      parsed.error.issues.map((i) => i.message),
    );
  }
  const { action, input, round } = parsed.data;
  logger.appendKeys({ action, secretName: input.secretName, oldVersionId: input.oldVersionId, mode: input.mode });
  try {
    const d = deps();
    switch (action) {
      case 'verify':
        return await verify(input, round, d);
      case 'revoke':
        return await revoke(input, d);
      case 'confirm':
        return await confirm(input, d);
      case 'finalize':
        return await finalize(input, d);
      case 'record':
        return await record(input, d);
    }
  } catch (err) {
    logger.error('revocation task failed', { error: err as Error });
    throw err;
  } finally {
    logger.resetKeys();
    releaseSecretValues();
  }
}
