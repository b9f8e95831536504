import { describe, expect, it } from 'vitest';
import { ecsAgentId, platformAgentId } from '../../../packages/client/src/agent-id';

const FARGATE_TASK = '8f03e41243824aea923aca126495f665';
const idFor = (env: Record<string, string>) => platformAgentId({ env, hostname: 'ip-10-0-2-100', pid: 4242 });

describe('the default agent id', () => {
  it('is REKEY_AGENT_ID when set, over anything the platform says', () => {
    expect(idFor({ REKEY_AGENT_ID: 'support-7', POD_NAME: 'support-5d9f-abcde', KUBERNETES_SERVICE_HOST: 'x' })).toBe(
      'support-7',
    );
  });

  it('is the pod name in Kubernetes: POD_NAME from the downward API first, else HOSTNAME', () => {
    expect(idFor({ POD_NAME: 'support-5d9f-abcde', HOSTNAME: 'overridden', KUBERNETES_SERVICE_HOST: '10.0.0.1' })).toBe(
      'support-5d9f-abcde',
    );
    expect(idFor({ HOSTNAME: 'support-5d9f-abcde', KUBERNETES_SERVICE_HOST: '10.0.0.1' })).toBe('support-5d9f-abcde');
  });

  it('does not take HOSTNAME for a pod name outside Kubernetes', () => {
    expect(idFor({ HOSTNAME: 'laptop' })).toBe('ip-10-0-2-100:4242');
  });

  it('is the ECS task id and container number from the metadata URI on Fargate, parsed without a call', () => {
    expect(idFor({ ECS_CONTAINER_METADATA_URI_V4: `http://169.254.170.2/v4/${FARGATE_TASK}-3681984407` })).toBe(
      `ecs:${FARGATE_TASK}:3681984407`,
    );
  });

  it("is the container's id from the metadata URI where it carries no task id (EC2 launch type)", () => {
    expect(ecsAgentId('http://169.254.170.2/v4/0206b271-b33f-47ab-86c6-a0ba208a70a9')).toBe(
      'ecs:0206b271-b33f-47ab-86c6-a0ba208a70a9',
    );
    expect(ecsAgentId('not a uri')).toBeUndefined();
    expect(ecsAgentId('http://169.254.170.2/v4')).toBeUndefined();
  });

  it('is the log stream on Lambda, one per execution environment', () => {
    expect(idFor({ AWS_LAMBDA_LOG_STREAM_NAME: '2026/11/25/[$LATEST]0123456789abcdef' })).toBe(
      'lambda:2026/11/25/[$LATEST]0123456789abcdef',
    );
  });

  it('falls back to hostname and pid, and ignores blank variables', () => {
    expect(idFor({})).toBe('ip-10-0-2-100:4242');
    expect(idFor({ REKEY_AGENT_ID: '  ', POD_NAME: '' })).toBe('ip-10-0-2-100:4242');
  });
});
