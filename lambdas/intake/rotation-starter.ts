import {
  InvalidRequestException,
  RotateSecretCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';

/** Starts a rotation of a managed secret to the version named by `token`. */
export interface RotationStarter {
  start(request: { readonly secretName: string; readonly token: string }): Promise<void>;
}

/** Secrets Manager refused because another rotation of the secret has not finished. */
export class RotationInProgressError extends Error {
  constructor(secretName: string, options?: { cause?: unknown }) {
    super(`a previous rotation of ${secretName} is not complete`, options);
    this.name = 'RotationInProgressError';
  }
}

/**
 * Production: RotateSecret with RotateImmediately and the token as ClientRequestToken, so a retry with the same token
 * is the same rotation. Secrets Manager then calls the rotation function's four steps.
 */
export function rotateSecretStarter(sm: SecretsManagerClient): RotationStarter {
  return {
    async start({ secretName, token }) {
      try {
        await sm.send(
          new RotateSecretCommand({ SecretId: secretName, ClientRequestToken: token, RotateImmediately: true }),
        );
      } catch (err) {
        const e = err as Error;
        if (
          (err instanceof InvalidRequestException || e.name === 'InvalidRequestException') &&
          /previous rotation/i.test(e.message)
        ) {
          throw new RotationInProgressError(secretName, { cause: err });
        }
        throw err;
      }
    },
  };
}
