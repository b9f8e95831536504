import type { ClientLogger } from '../logger';
import { redact } from '../redact';
import { agentSecretJson } from './get-secret-value-json';
import { isLoopbackAddress } from './loopback';
import { isAgentResponse, PATH_PREFIX, parseAgentQuery, QUERY_PATH } from './query';
import { type AgentResponse, fromServiceError, ok, refusal, secretNotFound } from './responses';
import type { ServedSecret } from './served-secret';
import { hasValidToken } from './token';

/** What the handler reads of an HTTP request. */
export interface AgentRequest {
  readonly method: string | undefined;
  /** Path and query, as on the request line. */
  readonly url: string | undefined;
  readonly headers: Record<string, string | string[] | undefined>;
  /** The peer's address, as the socket reports it. */
  readonly remoteAddress: string | undefined;
}

export interface AgentHandlerProps {
  readonly secrets: readonly ServedSecret[];
  readonly token: string;
  /** Serve peers that are not loopback (only with an explicit opt-in). */
  readonly allowNonLoopback: boolean;
  /** Requests being answered now, the one at hand included; over `maxConnections` is 429, as for the AWS agent. */
  readonly inFlight: () => number;
  readonly maxConnections: number;
  readonly logger: ClientLogger;
  readonly now: () => number;
}

/**
 * The AWS Secrets Manager Agent's HTTP API (server.rs `get_result`), in its order: connection limit (429
 * `Connection limit exceeded`), then rekey's own loopback check (403), then for everything but `/ping`: an
 * `X-Forwarded-For` header is 400 `Forwarded`, a missing or wrong SSRF token 403 `Bad Token`; then any method but
 * GET is 405 `Not allowed`; `/ping` is `healthy`; `/secretsmanager/get?secretId=` and `/v1/<secretId>` are
 * GetSecretValue; any other path is 404 `Not found`. A secret the sidecar does not serve is answered as Secrets
 * Manager answers a secret that does not exist, without calling it.
 */
export async function handleAgentRequest(req: AgentRequest, props: AgentHandlerProps): Promise<AgentResponse> {
  const { logger } = props;
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  const limit = path === '/ping' ? props.maxConnections + 2 : props.maxConnections;
  if (props.inFlight() > limit) return refusal(429, 'Connection limit exceeded');
  if (!props.allowNonLoopback && !isLoopbackAddress(req.remoteAddress)) {
    logger.warn({ remoteAddress: req.remoteAddress ?? 'unknown' }, 'refused a request from a non-loopback address');
    return refusal(403, 'Forbidden');
  }
  if (path !== '/ping') {
    if (req.headers['x-forwarded-for'] !== undefined) {
      logger.warn({ path }, 'Rejecting request with X-Forwarded-For header');
      return refusal(400, 'Forwarded');
    }
    if (!hasValidToken(req.headers, props.token)) {
      logger.warn({ path }, 'Rejecting request with incorrect SSRF token');
      return refusal(403, 'Bad Token');
    }
  }
  if (req.method !== 'GET') return refusal(405, 'Not allowed');
  if (path === '/ping') return ok('healthy');
  let form: 'query' | 'path';
  if (path === QUERY_PATH) form = 'query';
  else if (path.startsWith(PATH_PREFIX)) form = 'path';
  else return refusal(404, 'Not found');

  const query = parseAgentQuery(url, form);
  if (isAgentResponse(query)) return query;
  const served = props.secrets.find((s) => s.matches(query.secretId));
  if (served === undefined) {
    // The id is the caller's text, which may be a key pasted in the wrong place: redacted, and cut short.
    logger.warn(
      { requested: redact(query.secretId).slice(0, 256) },
      'refused a request for a secret this sidecar does not serve',
    );
    return secretNotFound();
  }
  try {
    const output = await served.get({ ...query, at: props.now() });
    return ok(agentSecretJson(output));
  } catch (err) {
    const answer = fromServiceError(err);
    logger.warn({ secret: served.secretId, status: answer.status }, 'GetSecretValue failed for a request');
    return answer;
  }
}
