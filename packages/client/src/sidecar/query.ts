import { type AgentResponse, refusal } from './responses';

/** A GetSecretValue request as the AWS agent reads it from the URL. */
export interface AgentQuery {
  readonly secretId: string;
  readonly versionId?: string;
  readonly versionStage?: string;
  readonly refreshNow: boolean;
}

/** The AWS agent's default `path_prefix`: `GET /v1/<secretId>`. */
export const PATH_PREFIX = '/v1/';

/** The Lambda-extension form: `GET /secretsmanager/get?secretId=...`. */
export const QUERY_PATH = '/secretsmanager/get';

/**
 * Parses `refreshNow` as the AWS agent does (parse.rs `parse_refresh_value`): true/1/false/0, any case.
 */
function refreshValue(v: string): boolean | AgentResponse {
  switch (v.toLowerCase()) {
    case 'true':
    case '1':
      return true;
    case 'false':
    case '0':
      return false;
    default:
      return refusal(400, 'invalid refreshNow value');
  }
}

/**
 * Reads the query of either request form, with the AWS agent's rules and messages (parse.rs): an unknown parameter
 * is 400 `unknown parameter: <name>`, a missing id is 400 `missing parameter secretId` (query form) or
 * `missing secret ID` (path form). A repeated parameter keeps its last value, as the agent's loop does.
 * Unlike the agent, the path form's id is percent-decoded, so `/v1/rekey%2Fagents%2Fx` names `rekey/agents/x`.
 */
export function parseAgentQuery(url: URL, form: 'query' | 'path'): AgentQuery | AgentResponse {
  let secretId = '';
  if (form === 'path') {
    try {
      secretId = decodeURIComponent(url.pathname.slice(PATH_PREFIX.length));
    } catch {
      return refusal(400, 'invalid secret ID encoding');
    }
    if (secretId.length === 0) return refusal(400, 'missing secret ID');
  }
  let versionId: string | undefined;
  let versionStage: string | undefined;
  let refreshNow = false;
  for (const [k, v] of url.searchParams) {
    if (k === 'secretId' && form === 'query') secretId = v;
    else if (k === 'versionId') versionId = v;
    else if (k === 'versionStage') versionStage = v;
    else if (k === 'refreshNow') {
      const r = refreshValue(v);
      if (typeof r !== 'boolean') return r;
      refreshNow = r;
    } else return refusal(400, `unknown parameter: ${k}`);
  }
  if (secretId.length === 0) return refusal(400, 'missing parameter secretId');
  return {
    secretId,
    ...(versionId !== undefined ? { versionId } : {}),
    ...(versionStage !== undefined ? { versionStage } : {}),
    refreshNow,
  };
}

export function isAgentResponse(v: AgentQuery | AgentResponse): v is AgentResponse {
  return 'status' in v;
}
