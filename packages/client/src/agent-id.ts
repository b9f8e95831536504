import { hostname } from 'node:os';

/** What the platform tells a process about itself, read from its environment (no network call). */
export interface AgentIdSources {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly hostname: string;
  readonly pid: number;
}

/** The longest agent id accepted: it lands in a DynamoDB sort key (`AGENT#<id>`) and in the revocation's history. */
export const MAX_AGENT_ID_LENGTH = 256;

const set = (value: string | undefined): string | undefined => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

/**
 * The task's id from ECS's task metadata endpoint v4 URI, parsed, never fetched. On Fargate the URI's last path
 * segment is `<32-hex task id>-<container number>`; elsewhere it is the container's own id. Either way the segment
 * names this container of this task, and stays the same when the process in it restarts.
 */
export function ecsAgentId(metadataUri: string): string | undefined {
  let segment: string | undefined;
  try {
    segment = new URL(metadataUri).pathname.split('/').filter(Boolean).at(-1);
  } catch {
    return undefined;
  }
  if (!segment || segment === 'v4') return undefined;
  const fargate = /^([0-9a-f]{32})-(\d+)$/.exec(segment);
  return fargate ? `ecs:${fargate[1]}:${fargate[2]}` : `ecs:${segment}`;
}

/**
 * The agent id, stable across restarts where the platform gives one, first match wins:
 * 1. `REKEY_AGENT_ID`, as set;
 * 2. Kubernetes: `POD_NAME` (set it with the downward API), else `HOSTNAME` when `KUBERNETES_SERVICE_HOST` is set
 *    (the kubelet sets `HOSTNAME` to the pod name unless the pod spec overrides it);
 * 3. ECS: `ecs:<task id>:<container number>` parsed from `ECS_CONTAINER_METADATA_URI_V4` (the container's id where
 *    the URI carries no task id);
 * 4. Lambda: `lambda:<AWS_LAMBDA_LOG_STREAM_NAME>`, one per execution environment;
 * 5. else `<hostname>:<pid>`, which changes on every restart.
 */
export function platformAgentId({ env, hostname: host, pid }: AgentIdSources): string {
  const explicit = set(env.REKEY_AGENT_ID);
  if (explicit) return explicit;
  const pod = set(env.POD_NAME) ?? (set(env.KUBERNETES_SERVICE_HOST) ? set(env.HOSTNAME) : undefined);
  if (pod) return pod;
  const ecsUri = set(env.ECS_CONTAINER_METADATA_URI_V4);
  const ecs = ecsUri ? ecsAgentId(ecsUri) : undefined;
  if (ecs) return ecs;
  const lambda = set(env.AWS_LAMBDA_LOG_STREAM_NAME);
  if (lambda) return `lambda:${lambda}`;
  return `${host}:${pid}`;
}

/** The agent id for this process (see `platformAgentId`). */
export function defaultAgentId(): string {
  return platformAgentId({ env: process.env, hostname: hostname(), pid: process.pid });
}
