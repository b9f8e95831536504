/**
 * Names the infrastructure (lib/, the construct library) and the runtime (lambdas/, the CLI) must agree on, in one
 * dependency-free module both import. A string copied across that line is a silent break waiting for a rewording;
 * test/unit/contract ties each name to its two ends.
 */
export { ENV, type EnvName } from './env';
