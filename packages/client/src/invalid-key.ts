/**
 * Decides whether an error means "the key this request used is no longer valid" (so a refresh and one retry can
 * fix it), as opposed to every other failure (permission, rate limit, outage, bad request), which must pass
 * through untouched.
 */

/** AWS error codes that mean the access key itself is unknown or invalid (not a signature or permission issue). */
const AWS_INVALID_KEY_CODES: ReadonlySet<string> = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
]);

const MAX_DEPTH = 4;

/**
 * True for:
 * - Anthropic: an `authentication_error` body (`{"type":"error","error":{"type":"authentication_error",...}}`) and
 *   `@anthropic-ai/sdk`'s `AuthenticationError` (status 401);
 * - OpenAI: an `invalid_api_key` body (`{"error":{"code":"invalid_api_key",...}}`) and `openai`'s
 *   `AuthenticationError` (status 401);
 * - AWS SDK errors named `InvalidClientTokenId`, `UnrecognizedClientException` or `InvalidAccessKeyId`;
 * - anything with HTTP status 401: a fetch `Response`, an HTTP client error with `status`/`statusCode`.
 *
 * False for 403 (permission), 429, 5xx and everything else. Looks through `cause` chains.
 */
export function isInvalidKeyError(err: unknown): boolean {
  return check(err, 0);
}

function check(err: unknown, depth: number): boolean {
  if (depth > MAX_DEPTH || err === null || typeof err !== 'object') return false;
  const e = err as Record<string, unknown>;

  for (const code of [e.name, e.Code, e.code, e.__type]) {
    // JSON-protocol services may send `__type` as `com.amazonaws...#UnrecognizedClientException`.
    if (typeof code === 'string' && AWS_INVALID_KEY_CODES.has(code.replace(/^.*#/, ''))) return true;
  }

  const status = httpStatus(e);
  if (status === 401) return true;
  if (status !== undefined) return false;

  if (isInvalidKeyBody(e) || isInvalidKeyBody(e.error) || isInvalidKeyBody(e.body)) return true;
  const response = e.response;
  if (response !== null && typeof response === 'object') {
    const r = response as Record<string, unknown>;
    if (httpStatus(r) === 401 || isInvalidKeyBody(r.data)) return true;
  }
  return check(e.cause, depth + 1);
}

function httpStatus(e: Record<string, unknown>): number | undefined {
  for (const v of [e.status, e.statusCode]) {
    if (typeof v === 'number') return v;
  }
  const meta = e.$metadata;
  if (meta !== null && typeof meta === 'object') {
    const code = (meta as Record<string, unknown>).httpStatusCode;
    // AWS auth failures come as 400/403 with a code; only a bare 401 counts here.
    if (code === 401) return 401;
  }
  return undefined;
}

/** Provider error bodies (or their inner `error` objects, as the SDKs keep them) that name an invalid key. */
function isInvalidKeyBody(body: unknown): boolean {
  if (body === null || typeof body !== 'object') return false;
  const b = body as Record<string, unknown>;
  if (b.type === 'authentication_error' || b.code === 'invalid_api_key') return true;
  const inner = b.error;
  if (inner === null || typeof inner !== 'object') return false;
  const i = inner as Record<string, unknown>;
  return i.type === 'authentication_error' || i.code === 'invalid_api_key';
}
