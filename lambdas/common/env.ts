import { ConfigurationError } from './errors';

/** Reads a required environment variable set by the CDK construct; a missing one is a deployment error. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new ConfigurationError(`environment variable ${name} is not set`);
  return value;
}

/** Environment variable names shared by the constructs (lib/) and the handlers: one source, in contract/. */
export { ENV } from '../../contract';
