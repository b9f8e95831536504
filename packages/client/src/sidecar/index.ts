/** `rekey agent`'s core: the AWS Secrets Manager Agent's local API, served from push-refreshed RotatingSecrets. */
export { SidecarConfigError, SidecarFileError, SidecarTokenError } from './errors';
export { writeFileAtomic } from './file-output';
export { isLoopbackAddress } from './loopback';
export {
  DEFAULT_SIDECAR_POLL_MS,
  DEFAULT_SIDECAR_PORT,
  type Sidecar,
  type SidecarOptions,
  startSidecar,
} from './sidecar';
export { resolveSsrfToken, SSRF_ENV_VARIABLES, SSRF_HEADERS, type TokenSourceOptions } from './token';
