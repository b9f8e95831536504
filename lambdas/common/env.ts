import { ConfigurationError } from './errors';

/** Reads a required environment variable set by the CDK construct; a missing one is a deployment error. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new ConfigurationError(`environment variable ${name} is not set`);
  return value;
}

/** Environment variable names, and the optional ones' defaults, shared with the constructs (lib/): contract/env.ts. */
export { ENV, ENV_DEFAULTS } from '../../contract';
