/**
 * The AWS Secrets Manager Agent's answers, byte for byte (aws/aws-secretsmanager-agent,
 * aws_secretsmanager_agent/src/server.rs, parse.rs and utils.rs `err_response`): its own refusals are plain text
 * (`Bad Token`, `Forwarded`, `Not allowed`, `Not found`, `unknown parameter: x`, ...); Secrets Manager's errors are
 * passed on with Secrets Manager's HTTP status as `{"__type":"<code>", "message":"<message>"}` (the space after
 * the comma is the agent's), and anything else is 500 `{"__type":"InternalFailure"}`. No Content-Type header is set,
 * as the agent sets none.
 */
export interface AgentResponse {
  readonly status: number;
  readonly body: string;
}

export const ok = (body: string): AgentResponse => ({ status: 200, body });

export const refusal = (status: number, text: string): AgentResponse => ({ status, body: text });

/** The agent's JSON 1.1 error body. */
export function awsError(status: number, code: string, message: string): AgentResponse {
  if (message.length === 0 || code === 'InternalFailure') return internalFailure();
  return { status, body: `{"__type":${JSON.stringify(code)}, "message":${JSON.stringify(message)}}` };
}

export function internalFailure(): AgentResponse {
  return { status: 500, body: '{"__type":"InternalFailure"}' };
}

/** What Secrets Manager (and so the AWS agent) answers for a secret it cannot find. */
export function secretNotFound(): AgentResponse {
  return awsError(400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
}

/**
 * Turns an error from a GetSecretValue call into the agent's answer: a service error keeps its code, message and
 * status; a timeout is 504 `TimeoutError`, a connection failure 502 `ConnectionError`; anything else 500. The
 * error's own text comes from Secrets Manager and names the secret, never its value.
 */
export function fromServiceError(err: unknown): AgentResponse {
  const e = unwrap(err) as
    | (Error & { $fault?: unknown; $metadata?: { httpStatusCode?: number }; code?: unknown })
    | undefined;
  if (e === undefined) return internalFailure();
  const status = e.$metadata?.httpStatusCode;
  if (e.$fault !== undefined && typeof status === 'number') return awsError(status, e.name, e.message);
  if (e.name === 'TimeoutError' || e.code === 'ETIMEDOUT') return awsError(504, 'TimeoutError', 'Timeout');
  if (typeof e.code === 'string' && /^(ECONNREFUSED|ECONNRESET|EPIPE|ENOTFOUND|EAI_AGAIN)$/.test(e.code)) {
    return awsError(502, 'ConnectionError', 'Read Error');
  }
  return internalFailure();
}

/** The SDK error behind the client's SecretReadError wrapper, if any. */
function unwrap(err: unknown): Error | undefined {
  if (!(err instanceof Error)) return undefined;
  if (err.name === 'SecretReadError' && err.cause instanceof Error) return err.cause;
  return err;
}
